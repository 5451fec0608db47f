using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>Anonymous pipes for a child's standard handles, and reading them.</summary>
internal static partial class WindowsNative
{
    public const int HANDLE_FLAG_INHERIT = 0x00000001;

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool CreatePipe(out SafeFileHandle readPipe, out SafeFileHandle writePipe, IntPtr pipeAttributes, int size);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool SetHandleInformation(SafeHandle handle, int mask, int flags);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ReadFile(SafeFileHandle file, byte[] buffer, int bytesToRead, out int bytesRead, IntPtr overlapped);
}
