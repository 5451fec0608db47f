using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Processes;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// A child started on Windows by CreateProcessW, suspended, put in a Job Object (kill on close) and only
/// then resumed: the job holds it before it runs, so nothing it starts can escape. The exit is seen by a
/// thread-pool wait on the process handle; the output (stdout and stderr, one pipe, or one each when the
/// start asks for them apart) is read by a <see cref="WindowsPipeReader"/> per pipe.
/// </summary>
internal sealed class WindowsStartedProcess : IStartedProcess
{
    private readonly Outcome<int> exit = new();
    private readonly WindowsJobGroup group;
    private readonly ProcessWaitHandle process;
    private readonly RegisteredWaitHandle exitWait;
    private SafeFileHandle? output;
    private SafeFileHandle? error;
    private long exitRecordedAt;

    private WindowsStartedProcess(int pid, SafeWaitHandle process, WindowsJobGroup group, SafeFileHandle output, SafeFileHandle? error)
    {
        Pid = pid;
        this.group = group;
        this.output = output;
        this.error = error;
        this.process = new ProcessWaitHandle(process);

        // The wait holds a reference on the SafeWaitHandle, so disposing the process handle while the
        // wait is registered cannot close it under the wait.
        exitWait = ThreadPool.UnsafeRegisterWaitForSingleObject(this.process, (state, _) => ((WindowsStartedProcess)state!).OnExited(), this, Timeout.Infinite, executeOnlyOnce: true);
    }

    public int Pid { get; }

    public IProcessGroup Group => group;

    public Task<int> Exit => exit.Task;

    public void OnExit(Action<int> observer) => exit.Observe(observer);

    public long ExitRecordedAt => Interlocked.Read(ref exitRecordedAt);

    /// <summary>
    /// Starts <paramref name="commandLine"/> as <paramref name="info"/> says: the job first (a job that
    /// cannot be made starts nothing), then the child, suspended, into the job, then resumed. When any
    /// step after the creation fails, the child is ended before it ran and the error is thrown.
    /// </summary>
    public static WindowsStartedProcess Start(string commandLine, ChildStartInfo info)
    {
        var environment = WindowsEnvironmentBlock.Build(info.Environment);
        var group = WindowsJobGroup.Create();
        try
        {
            using var pipes = WindowsStdioPipes.Create(info.SeparateStandardError);
            using var child = WindowsSuspendedChild.Create(commandLine, environment, info.WorkingDirectory, pipes);
            pipes.CloseChildEnds();
            try
            {
                group.Assign(child.Process);
                child.Resume();
            }
            catch (Exception ex)
            {
                throw child.Abandon(ex);
            }

            return new WindowsStartedProcess(child.Pid, child.Process, group, pipes.TakeOutput()!, pipes.TakeError());
        }
        catch
        {
            // A child already in the job ends with it (KILL_ON_JOB_CLOSE), whatever failed after.
            group.Dispose();
            throw;
        }
    }

    public Task ReadOutput(OutputSinks sinks, CancellationToken abandon)
    {
        var readEnd = Interlocked.Exchange(ref output, null);
        var errorReadEnd = Interlocked.Exchange(ref error, null);
        if (readEnd is null)
        {
            // Read before, or disposed: nothing left to read.
            errorReadEnd?.Dispose();
            return Task.CompletedTask;
        }

        var reading = WindowsPipeReader.Start(readEnd, sinks.Stdout, abandon);
        return errorReadEnd is null ? reading : Task.WhenAll(reading, WindowsPipeReader.Start(errorReadEnd, sinks.Stderr, abandon));
    }

    public void Dispose()
    {
        group.Dispose();
        exitWait.Unregister(null);
        process.Dispose();
        Interlocked.Exchange(ref output, null)?.Dispose();
        Interlocked.Exchange(ref error, null)?.Dispose();
    }

    // On a thread-pool thread, once the process has exited.
    private void OnExited()
    {
        var code = ExitCodes.Unknown;
        try
        {
            if (WindowsNative.GetExitCodeProcess(process.SafeWaitHandle, out var exitCode))
            {
                code = exitCode;
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed as it exited: the code cannot be read any more.
        }

        Interlocked.Exchange(ref exitRecordedAt, Stopwatch.GetTimestamp());
        exit.TrySet(code);
    }

    /// <summary>The process handle as a WaitHandle, which owns it: disposing this closes the handle.</summary>
    private sealed class ProcessWaitHandle : WaitHandle
    {
        public ProcessWaitHandle(SafeWaitHandle process) => SafeWaitHandle = process;
    }
}
