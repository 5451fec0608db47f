using System;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>Process and thread attribute lists: here, only the list of handles a child may inherit.</summary>
internal static partial class WindowsNative
{
    public const int PROC_THREAD_ATTRIBUTE_HANDLE_LIST = 0x00020002;

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool InitializeProcThreadAttributeList(IntPtr attributeList, int attributeCount, int flags, ref IntPtr size);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool UpdateProcThreadAttribute(IntPtr attributeList, int flags, IntPtr attribute, IntPtr value, IntPtr size, IntPtr previousValue, IntPtr returnSize);

    [DllImport("kernel32.dll")]
    public static extern void DeleteProcThreadAttributeList(IntPtr attributeList);
}
