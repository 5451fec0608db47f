using System;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// Linux process descriptors (pidfds) and the wait and session calls the spawn path needs. A pidfd names
/// one process for as long as it is open: signals sent through it can never reach a process that later
/// got the same pid, and it turns readable for poll(2) the moment that process exits.
/// </summary>
internal static class PidfdNative
{
    public const int EBADF = 9;
    public const int ECHILD = 10;

    // waitid(2) id types and options (Linux).
    public const int P_PID = 1;
    public const int P_PIDFD = 3;
    public const int WNOHANG = 0x1;
    public const int WEXITED = 0x4;

    /// <summary>pidfd_send_signal: the target is the process group, not the process (Linux 6.9+).</summary>
    public const int PIDFD_SIGNAL_PROCESS_GROUP = 1 << 2;

    // siginfo_t.si_code for SIGCHLD.
    public const int CLD_EXITED = 1;
    public const int CLD_KILLED = 2;
    public const int CLD_DUMPED = 3;

    /// <summary>siginfo_t is 128 bytes on every Linux ABI; read as ints.</summary>
    public const int SigInfoInts = 32;

    // Indexes (in ints) into siginfo_t for SIGCHLD on 64-bit Linux: si_code at byte 8, then the union at
    // byte 16 (si_pid), si_uid at 20, si_status at 24. 32-bit ABIs have no padding before the union.
    public static readonly int SiCode = 2;
    public static readonly int SiPid = IntPtr.Size == 8 ? 4 : 3;
    public static readonly int SiStatus = IntPtr.Size == 8 ? 6 : 5;

    // fcntl(2): duplicate to the lowest free descriptor >= the argument, close-on-exec.
    private const int F_DUPFD_CLOEXEC = 1030;
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;
    private const int LinuxO_NONBLOCK = 0x800;

    // The syscall numbers are the same on every Linux architecture since 5.1 (the unified table).
    private const int SysPidfdSendSignal = 424;
    private const int SysPidfdOpen = 434;

    /// <summary><c>pidfd_open(pid, 0)</c> (Linux 5.3+): a close-on-exec descriptor for the process, or -1 with errno.</summary>
    public static int PidfdOpen(int pid) =>
        (int)Syscall(new IntPtr(SysPidfdOpen), new IntPtr(pid), IntPtr.Zero, IntPtr.Zero, IntPtr.Zero).ToInt64();

    /// <summary>
    /// <c>pidfd_send_signal(pidfd, signal, NULL, 0)</c> (Linux 5.1+): 0, or -1 with <paramref name="errno"/>
    /// (ESRCH once the process was reaped; EBADF when the handle is closed).
    /// </summary>
    public static int PidfdSendSignal(SafeHandle pidfd, int signal, out int errno) => PidfdSendSignal(pidfd, signal, 0, out errno);

    /// <summary>
    /// As above with <paramref name="flags"/>: <see cref="PIDFD_SIGNAL_PROCESS_GROUP"/> (Linux 6.9+; EINVAL
    /// before) signals the process group that the pidfd's kernel pid object leads, reaped leader or not.
    /// </summary>
    public static int PidfdSendSignal(SafeHandle pidfd, int signal, int flags, out int errno)
    {
        var added = false;
        try
        {
            pidfd.DangerousAddRef(ref added);
            var result = (int)Syscall(new IntPtr(SysPidfdSendSignal), pidfd.DangerousGetHandle(), new IntPtr(signal), IntPtr.Zero, new IntPtr(flags)).ToInt64();
            errno = result == 0 ? 0 : Marshal.GetLastWin32Error();
            return result;
        }
        catch (ObjectDisposedException)
        {
            errno = EBADF;
            return -1;
        }
        finally
        {
            if (added)
            {
                pidfd.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Whether the pidfd's process has not been reaped yet (alive or a zombie): signal 0 reaches it, or is
    /// refused only for want of permission.
    /// </summary>
    public static bool NotReaped(SafeHandle pidfd) =>
        PidfdSendSignal(pidfd, 0, out var errno) == 0 || errno == UnixNative.EPERM;

    /// <summary><c>waitid(2)</c>; id_t is 32 bits. With P_PIDFD (Linux 5.4+) the id is a pidfd.</summary>
    [DllImport("libc", EntryPoint = "waitid", SetLastError = true)]
    public static extern int WaitId(int idType, int id, [Out] int[] info, int options);

    /// <summary>The session id of <paramref name="pid"/>, or -1 (ESRCH) when there is no such process.</summary>
    [DllImport("libc", EntryPoint = "getsid", SetLastError = true)]
    public static extern int GetSessionId(int pid);

    /// <summary>
    /// A close-on-exec copy of <paramref name="fd"/> numbered 3 or more. fcntl is variadic; an int third
    /// argument goes in a register on every Linux ABI, as a fixed one would.
    /// </summary>
    public static int DuplicateAboveStandard(int fd) => Fcntl(fd, F_DUPFD_CLOEXEC, 3);

    /// <summary>Sets O_NONBLOCK on <paramref name="fd"/> (Linux: fcntl's third argument is passed as a fixed int, which only the Linux ABIs make sound). False when refused.</summary>
    public static bool TrySetNonBlocking(int fd)
    {
        var flags = Fcntl(fd, F_GETFL, 0);
        return flags >= 0 && Fcntl(fd, F_SETFL, flags | LinuxO_NONBLOCK) == 0;
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);

    /// <summary>syscall(2): long arguments and result, which IntPtr matches on every Linux ABI.</summary>
    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern IntPtr Syscall(IntPtr number, IntPtr a1, IntPtr a2, IntPtr a3, IntPtr a4);
}
