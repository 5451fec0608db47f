using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// A Job Object holding a started process and its descendants; closing it kills them all. The child is
/// assigned while still suspended (<see cref="WindowsStartedProcess"/>), so everything it starts is born
/// inside the job.
/// </summary>
internal sealed class WindowsJobGroup : IProcessGroup
{
    private readonly SafeJobHandle job;

    private WindowsJobGroup(SafeJobHandle job) => this.job = job;

    public bool IsAlive
    {
        get
        {
            try
            {
                if (!WindowsNative.QueryInformationJobObject(job, WindowsNative.JobObjectBasicAccountingInformation, out var info, Marshal.SizeOf<WindowsNative.JOBOBJECT_BASIC_ACCOUNTING_INFORMATION>(), IntPtr.Zero))
                {
                    throw WindowsNative.Failure("QueryInformationJobObject", Marshal.GetLastWin32Error());
                }

                return info.ActiveProcesses > 0;
            }
            catch (ObjectDisposedException)
            {
                // Closed: KILL_ON_JOB_CLOSE ended whatever was in it.
                return false;
            }
        }
    }

    /// <summary>A new job whose processes all end when its handle closes. Throws Win32Exception naming the call that failed.</summary>
    public static WindowsJobGroup Create()
    {
        var job = WindowsNative.CreateJobObject(IntPtr.Zero, null);
        if (job.IsInvalid)
        {
            var error = Marshal.GetLastWin32Error();
            job.Dispose();
            throw WindowsNative.Failure("CreateJobObjectW", error);
        }

        var limits = new WindowsNative.JOBOBJECT_EXTENDED_LIMIT_INFORMATION();
        limits.BasicLimitInformation.LimitFlags = WindowsNative.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (!WindowsNative.SetInformationJobObject(job, WindowsNative.JobObjectExtendedLimitInformation, ref limits, Marshal.SizeOf(limits)))
        {
            // Without KILL_ON_JOB_CLOSE the job would not end the tree when pwsh goes: no use.
            var error = Marshal.GetLastWin32Error();
            job.Dispose();
            throw WindowsNative.Failure("SetInformationJobObject", error);
        }

        return new WindowsJobGroup(job);
    }

    /// <summary>Puts <paramref name="process"/> (still suspended) in the job. Throws Win32Exception when Windows refuses.</summary>
    public void Assign(SafeWaitHandle process)
    {
        if (!WindowsNative.AssignProcessToJobObject(job, process))
        {
            throw WindowsNative.Failure("AssignProcessToJobObject", Marshal.GetLastWin32Error());
        }
    }

    /// <summary>
    /// Windows has no SIGTERM for arbitrary processes: every signal terminates the job, with exit code
    /// 128+signal so that callers see the numbers they would see on Unix. False when nothing is left, or
    /// when Windows refuses (the caller reports that).
    /// </summary>
    public bool Signal(ProcessSignal signal)
    {
        if (!IsAlive)
        {
            return false;
        }

        try
        {
            return WindowsNative.TerminateJobObject(job, (uint)(128 + (int)signal));
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    // Every signal terminates the job on Windows: there is nothing stopped to resume.
    public void Continue()
    {
    }

    // KILL_ON_JOB_CLOSE: closing the last handle ends whatever is still in the job.
    public void Dispose() => job.Dispose();
}
