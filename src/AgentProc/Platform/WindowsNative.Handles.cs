using System;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// kernel32 for the Windows start path, one file per function group (handles, jobs, processes, attribute
/// lists, pipes, threads). Every call's result is checked by its caller; <see cref="Failure(string, int)"/>
/// words a refusal so that the error names the function that failed.
/// </summary>
internal static partial class WindowsNative
{
    public const int ERROR_FILE_NOT_FOUND = 2;
    public const int ERROR_PATH_NOT_FOUND = 3;
    public const int ERROR_BROKEN_PIPE = 109;
    public const int ERROR_INSUFFICIENT_BUFFER = 122;
    public const int ERROR_DIRECTORY = 267;
    public const int ERROR_OPERATION_ABORTED = 995;
    public const int ERROR_NOT_FOUND = 1168;

    /// <summary>
    /// <paramref name="function"/> refused with <paramref name="error"/> (read from
    /// <see cref="Marshal.GetLastWin32Error"/> at once: any later P/Invoke, a SafeHandle's CloseHandle
    /// included, overwrites it).
    /// </summary>
    public static Win32Exception Failure(string function, int error) =>
        new(error, string.Format(CultureInfo.InvariantCulture, "{0} failed: {1}", function, new Win32Exception(error).Message));

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool CloseHandle(IntPtr handle);
}
