using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>libc calls that .NET does not expose: signalling a process group.</summary>
internal static class UnixNative
{
    /// <summary>No such process or process group.</summary>
    public const int ESRCH = 3;

    /// <summary>Not permitted.</summary>
    public const int EPERM = 1;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    public static extern int GetProcessGroup(int pid);
}
