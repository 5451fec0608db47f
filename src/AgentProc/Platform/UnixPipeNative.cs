using System;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// libc calls for <see cref="UnixPipeReader"/>: poll(2), read(2), write(2), close(2) and a
/// close-on-exec self-pipe. Kept apart from <see cref="UnixNative"/> so the reader's calls travel
/// together. The constants below have the same values on Linux and macOS unless noted.
/// </summary>
internal static class UnixPipeNative
{
    public const short POLLIN = 0x1;

    public const short POLLOUT = 0x4;

    public const int EINTR = 4;

    /// <summary>EAGAIN: 11 on Linux, 35 on macOS and the BSDs.</summary>
    public static readonly int EAGAIN = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? 11 : 35;

    private const int LinuxO_CLOEXEC = 0x80000;

    // _IO('f', 1) on macOS and the BSDs; takes no argument, so calling the variadic ioctl with two
    // fixed arguments is sound on every ABI (unlike fcntl's F_SETFD, whose int would be variadic).
    private const ulong BsdFIOCLEX = 0x20006601;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>nfds_t is unsigned long on Linux and unsigned int on macOS; a native-width argument serves both.</summary>
    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll([In, Out] PollFd[] fds, UIntPtr count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern IntPtr Read(int fd, byte[] buffer, UIntPtr count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern IntPtr Write(int fd, byte[] buffer, UIntPtr count);

    /// <summary>write(2) from a pinned buffer at an offset.</summary>
    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern IntPtr Write(int fd, IntPtr buffer, UIntPtr count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "pipe", SetLastError = true)]
    private static extern int Pipe([Out] int[] fds);

    [DllImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static extern int Pipe2([Out] int[] fds, int flags);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, UIntPtr request);

    /// <summary>
    /// A pipe whose two ends are closed on exec, so no child started meanwhile inherits them.
    /// Linux sets the flag atomically (pipe2); macOS has no pipe2, so there a fork in the short
    /// window between pipe and ioctl could copy the ends into one child: harmless, as that child
    /// never uses them. Returns false (with no descriptor left open) when the OS refuses.
    /// </summary>
    public static bool TryCreateCloseOnExecPipe(out int readEnd, out int writeEnd)
    {
        readEnd = writeEnd = -1;
        var fds = new int[2];
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            if (Pipe2(fds, LinuxO_CLOEXEC) != 0)
            {
                return false;
            }
        }
        else
        {
            if (Pipe(fds) != 0)
            {
                return false;
            }

            if (Ioctl(fds[0], new UIntPtr(BsdFIOCLEX)) != 0 || Ioctl(fds[1], new UIntPtr(BsdFIOCLEX)) != 0)
            {
                Close(fds[0]);
                Close(fds[1]);
                return false;
            }
        }

        readEnd = fds[0];
        writeEnd = fds[1];
        return true;
    }
}
