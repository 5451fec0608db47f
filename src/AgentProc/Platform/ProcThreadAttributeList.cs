using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// A process attribute list holding one attribute, PROC_THREAD_ATTRIBUTE_HANDLE_LIST: with it the child
/// inherits exactly the handles named, not every inheritable handle pwsh happens to hold (another
/// start's pipe ends included, which would keep that child's output open). The list and the handle
/// array it points into live in unmanaged memory until this is disposed, after CreateProcessW.
/// </summary>
internal sealed class ProcThreadAttributeList : SafeHandle
{
    private const int AttributeCount = 1;

    private IntPtr values;
    private bool initialized;

    private ProcThreadAttributeList()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>A list whose handle list names <paramref name="handles"/> (each once). Throws Win32Exception naming the call that failed.</summary>
    public static ProcThreadAttributeList WithHandleList(IReadOnlyList<IntPtr> handles)
    {
        var distinct = Distinct(handles);
        var size = IntPtr.Zero;
        var sized = WindowsNative.InitializeProcThreadAttributeList(IntPtr.Zero, AttributeCount, 0, ref size);
        var error = Marshal.GetLastWin32Error();
        if (!IsUsableSize(sized, error, size.ToInt64()))
        {
            throw WindowsNative.Failure("InitializeProcThreadAttributeList", error);
        }

        var list = new ProcThreadAttributeList();
        try
        {
            list.SetHandle(Marshal.AllocHGlobal(size));
            if (!WindowsNative.InitializeProcThreadAttributeList(list.handle, AttributeCount, 0, ref size))
            {
                throw WindowsNative.Failure("InitializeProcThreadAttributeList", Marshal.GetLastWin32Error());
            }

            list.initialized = true;
            list.values = Marshal.AllocHGlobal(IntPtr.Size * distinct.Count);
            for (var i = 0; i < distinct.Count; i++)
            {
                Marshal.WriteIntPtr(list.values, i * IntPtr.Size, distinct[i]);
            }

            if (!WindowsNative.UpdateProcThreadAttribute(list.handle, 0, new IntPtr(WindowsNative.PROC_THREAD_ATTRIBUTE_HANDLE_LIST), list.values, new IntPtr(HandleListBytes(distinct.Count, IntPtr.Size)), IntPtr.Zero, IntPtr.Zero))
            {
                throw WindowsNative.Failure("UpdateProcThreadAttribute", Marshal.GetLastWin32Error());
            }

            return list;
        }
        catch
        {
            list.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The handles to name, each once and in their first order: stdout and stderr are one handle, and
    /// a handle list that names a handle twice makes CreateProcessW fail on older Windows versions.
    /// </summary>
    internal static IReadOnlyList<IntPtr> Distinct(IReadOnlyList<IntPtr> handles)
    {
        var distinct = new List<IntPtr>(handles.Count);
        foreach (var handle in handles)
        {
            if (!distinct.Contains(handle))
            {
                distinct.Add(handle);
            }
        }

        return distinct;
    }

    /// <summary>
    /// Whether the first InitializeProcThreadAttributeList call (with no list, to learn the size) gave a
    /// size to allocate: it fails by design, with ERROR_INSUFFICIENT_BUFFER; any other error is a real one.
    /// </summary>
    internal static bool IsUsableSize(bool succeeded, int error, long size) =>
        size > 0 && (succeeded || error == WindowsNative.ERROR_INSUFFICIENT_BUFFER);

    /// <summary>The size of the handle list attribute's value: one pointer-sized HANDLE per handle.</summary>
    internal static int HandleListBytes(int count, int pointerSize) => count * pointerSize;

    protected override bool ReleaseHandle()
    {
        if (initialized)
        {
            WindowsNative.DeleteProcThreadAttributeList(handle);
        }

        Marshal.FreeHGlobal(handle);
        if (values != IntPtr.Zero)
        {
            Marshal.FreeHGlobal(values);
        }

        return true;
    }
}
