using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>libc calls that .NET does not expose: signalling a process group, creating files and directories with a mode.</summary>
internal static class UnixNative
{
    /// <summary>No such process or process group.</summary>
    public const int ESRCH = 3;

    /// <summary>SIGCONT: 18 on Linux, 19 on macOS and the BSDs (the signals the engine names are the same on both).</summary>
    public static readonly int SIGCONT = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux) ? 18 : 19;

    /// <summary>Not permitted.</summary>
    public const int EPERM = 1;

    /// <summary>No such file or directory.</summary>
    public const int ENOENT = 2;

    /// <summary>The file or directory already exists.</summary>
    public const int EEXIST = 17;

    /// <summary><c>access(2)</c>: may the caller execute it.</summary>
    public const int X_OK = 1;

    // open(2) flags for Linux (x86-64 and arm64 share these values). macOS numbers differ, so
    // callers use them only on Linux.
    public const int LinuxO_WRONLY = 0x1;
    public const int LinuxO_CREAT = 0x40;
    public const int LinuxO_APPEND = 0x400;
    public const int LinuxO_CLOEXEC = 0x80000;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    public static extern int GetProcessGroup(int pid);

    /// <summary>
    /// <c>open(2)</c> with a creation mode. It is variadic in C; passing the mode as a plain int is
    /// sound on Linux (x86-64 and arm64 pass variadic ints in registers) but not on Apple arm64,
    /// which is why only the Linux path calls it.
    /// </summary>
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern SafeFileHandle Open(string path, int flags, int mode);

    /// <summary><c>mkdir(2)</c>: the mode (less the umask) is applied as the directory is created, with no window.</summary>
    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    public static extern int MakeDirectory(string path, int mode);

    /// <summary><c>chmod(2)</c>. mode_t is 32 bits on Linux and 16 on macOS; an int argument serves both ABIs.</summary>
    [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
    public static extern int ChangeMode(string path, int mode);

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    public static extern int Access(string path, int mode);
}
