using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>A handle on the calling thread, so that another thread can cancel its blocking read.</summary>
internal static partial class WindowsNative
{
    public const int THREAD_TERMINATE = 0x0001;

    [DllImport("kernel32.dll")]
    public static extern int GetCurrentThreadId();

    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern SafeThreadHandle OpenThread(int desiredAccess, [MarshalAs(UnmanagedType.Bool)] bool inheritHandle, int threadId);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool CancelSynchronousIo(SafeThreadHandle thread);
}
