using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// A child created by CreateProcessW with its first thread suspended: it has run no instruction yet, so
/// it can be put in a job before it can start anything that would escape the job.
/// </summary>
internal sealed class WindowsSuspendedChild : IDisposable
{
    /// <summary>
    /// Suspended until it is in its job; no window; a Unicode environment; an attribute list (the
    /// handle list). No CREATE_NEW_PROCESS_GROUP: every signal ends the job on Windows, so no console
    /// control event is ever sent, and the child keeps Ctrl+C handling as .NET's Process left it.
    /// </summary>
    internal const uint CreationFlags =
        WindowsNative.CREATE_SUSPENDED
        | WindowsNative.CREATE_UNICODE_ENVIRONMENT
        | WindowsNative.CREATE_NO_WINDOW
        | WindowsNative.EXTENDED_STARTUPINFO_PRESENT;

    private readonly SafeThreadHandle thread;

    private WindowsSuspendedChild(SafeWaitHandle process, SafeThreadHandle thread, int pid)
    {
        Process = process;
        this.thread = thread;
        Pid = pid;
    }

    /// <summary>The process handle: the caller keeps it once the child runs; <see cref="Abandon"/> closes it.</summary>
    public SafeWaitHandle Process { get; }

    public int Pid { get; }

    /// <summary>
    /// Creates <paramref name="commandLine"/> suspended in <paramref name="workingDirectory"/> with
    /// exactly <paramref name="environmentBlock"/> and the standard handles of <paramref name="pipes"/>,
    /// which are the only handles it inherits. Throws the engine's error when the directory is gone,
    /// Win32Exception naming the call for any other refusal.
    /// </summary>
    public static WindowsSuspendedChild Create(string commandLine, string environmentBlock, string workingDirectory, WindowsStdioPipes pipes)
    {
        using var attributes = ProcThreadAttributeList.WithHandleList(pipes.ChildHandles);
        var startup = new WindowsNative.STARTUPINFOEX { lpAttributeList = attributes.DangerousGetHandle() };
        startup.StartupInfo.cb = Marshal.SizeOf<WindowsNative.STARTUPINFOEX>();
        startup.StartupInfo.dwFlags = WindowsNative.STARTF_USESTDHANDLES;
        startup.StartupInfo.hStdInput = pipes.ChildInput.DangerousGetHandle();
        startup.StartupInfo.hStdOutput = pipes.ChildOutput.DangerousGetHandle();
        startup.StartupInfo.hStdError = pipes.ChildError.DangerousGetHandle();

        var environment = GCHandle.Alloc(environmentBlock.ToCharArray(), GCHandleType.Pinned);
        bool created;
        int error;
        WindowsNative.PROCESS_INFORMATION info;
        try
        {
            created = WindowsNative.CreateProcess(
                null,
                new StringBuilder(commandLine),
                IntPtr.Zero,
                IntPtr.Zero,
                inheritHandles: true,
                CreationFlags,
                environment.AddrOfPinnedObject(),
                workingDirectory,
                ref startup,
                out info);
            error = Marshal.GetLastWin32Error();
        }
        finally
        {
            environment.Free();
        }

        if (!created)
        {
            throw StartFailure(error, workingDirectory);
        }

        return new WindowsSuspendedChild(new SafeWaitHandle(info.hProcess, ownsHandle: true), new SafeThreadHandle(info.hThread), info.dwProcessId);
    }

    /// <summary>Lets the child run. Throws Win32Exception when Windows refuses; the child is still suspended then.</summary>
    public void Resume()
    {
        if (WindowsNative.ResumeThread(thread) == -1)
        {
            throw WindowsNative.Failure("ResumeThread", Marshal.GetLastWin32Error());
        }
    }

    /// <summary>
    /// Ends the child that could not be set up (<paramref name="cause"/>), so nothing is left behind, and
    /// returns the exception to throw: <paramref name="cause"/>, or one that says both when even that failed.
    /// </summary>
    public Exception Abandon(Exception cause)
    {
        try
        {
            if (WindowsNative.TerminateProcess(Process, 1))
            {
                return cause;
            }

            var failure = WindowsNative.Failure("TerminateProcess", Marshal.GetLastWin32Error());
            return new Win32Exception(failure.NativeErrorCode, cause.Message + "; then the suspended process " + Pid + " could not be ended: " + failure.Message);
        }
        finally
        {
            Process.Dispose();
        }
    }

    /// <summary>Closes the thread handle (the process handle is the caller's).</summary>
    public void Dispose() => thread.Dispose();

    private static Exception StartFailure(int error, string workingDirectory)
    {
        if ((error == WindowsNative.ERROR_DIRECTORY || error == WindowsNative.ERROR_PATH_NOT_FOUND || error == WindowsNative.ERROR_FILE_NOT_FOUND) && !Directory.Exists(workingDirectory))
        {
            // The directory went away after it was checked.
            return Errors.EngineErrors.WorkingDirectoryNotFound(workingDirectory);
        }

        return WindowsNative.Failure("CreateProcessW", error);
    }
}
