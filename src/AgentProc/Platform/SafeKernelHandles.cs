using System;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// A Windows kernel object handle closed with CloseHandle, once, after every P/Invoke that holds it has
/// returned: a handle disposed by one thread while another uses it is never closed under that call nor
/// reused for another object. (The process handle is a <see cref="SafeWaitHandle"/> instead, so that the
/// thread pool's wait on it holds it the same way.)
/// </summary>
internal abstract class SafeKernelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    protected SafeKernelHandle()
        : base(ownsHandle: true)
    {
    }

    protected SafeKernelHandle(IntPtr handle)
        : base(ownsHandle: true)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle() => WindowsNative.CloseHandle(handle);
}

/// <summary>A Job Object; closing its last handle ends every process in it (KILL_ON_JOB_CLOSE).</summary>
internal sealed class SafeJobHandle : SafeKernelHandle
{
    // For the marshaller, which makes one for CreateJobObjectW's result.
    public SafeJobHandle()
    {
    }
}

/// <summary>A thread: the child's first thread (to resume it), or a reader's own (to cancel its read).</summary>
internal sealed class SafeThreadHandle : SafeKernelHandle
{
    // For the marshaller, which makes one for OpenThread's result.
    public SafeThreadHandle()
    {
    }

    public SafeThreadHandle(IntPtr handle)
        : base(handle)
    {
    }
}
