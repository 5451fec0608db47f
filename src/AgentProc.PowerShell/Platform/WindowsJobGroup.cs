using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>A Job Object holding a started process and its descendants; closing it kills them all.</summary>
internal sealed class WindowsJobGroup : IProcessGroup
{
    private IntPtr job;

    public WindowsJobGroup(Process process)
    {
        job = WindowsNative.CreateJobObject(IntPtr.Zero, null);
        if (job == IntPtr.Zero)
        {
            return;
        }

        var limits = new WindowsNative.JOBOBJECT_EXTENDED_LIMIT_INFORMATION();
        limits.BasicLimitInformation.LimitFlags = WindowsNative.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        WindowsNative.SetInformationJobObject(job, WindowsNative.JobObjectExtendedLimitInformation, ref limits, Marshal.SizeOf(limits));
        WindowsNative.AssignProcessToJobObject(job, process.Handle);
    }

    public bool IsAlive
    {
        get
        {
            if (job == IntPtr.Zero)
            {
                return false;
            }

            return WindowsNative.QueryInformationJobObject(job, WindowsNative.JobObjectBasicAccountingInformation, out var info, Marshal.SizeOf<WindowsNative.JOBOBJECT_BASIC_ACCOUNTING_INFORMATION>(), IntPtr.Zero)
                && info.ActiveProcesses > 0;
        }
    }

    public bool Signal(ProcessSignal signal)
    {
        if (job == IntPtr.Zero || !IsAlive)
        {
            return false;
        }

        return WindowsNative.TerminateJobObject(job, (uint)(128 + (int)signal));
    }

    // Every signal terminates the job on Windows: there is nothing stopped to resume.
    public void Continue()
    {
    }

    public void Dispose()
    {
        if (job != IntPtr.Zero)
        {
            // KILL_ON_JOB_CLOSE: closing the last handle ends whatever is still in the job.
            WindowsNative.CloseHandle(job);
            job = IntPtr.Zero;
        }
    }
}
