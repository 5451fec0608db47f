using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>
/// An agent process as a PowerShell job (<c>Start-AgentProcess -AsJob</c>): Get-Job lists it,
/// Receive-Job returns the output lines written since the last receive, Wait-Job waits for the exit,
/// Stop-Job ends the process group (terminate, grace period, kill). The job's InstanceId is the
/// process's, so the job pipes to the process cmdlets, and <see cref="Process"/> leads back.
/// </summary>
/// <remarks>
/// A pump follows the process's recent-output window from its first byte and adds each line to the
/// job's Output as it arrives (at most 4,096 lines wait there; older ones give way to a marker), so
/// Receive-Job, -Keep and -Wait behave as for any job. The job reaches its final state only after
/// the pump has added the last line: Wait-Job then Receive-Job returns all of it.
/// Completed: exit code 0. Failed: any other exit, with an error saying how it ended. Stopped: by
/// Stop-Job, or because the session closed.
/// </remarks>
public sealed class AgentProcessJob : AgentJob
{
    public const string JobTypeName = "AgentProcessJob";

    private readonly ProcessManager manager;
    private readonly BoundedJobStream<PSObject> lines;
    private readonly CancellationTokenSource disposed = new();
    private int stopRequested;

    internal AgentProcessJob(AgentProcess process, ProcessManager manager)
        : base(process.Command, process.Name, process.InstanceId, JobTypeName)
    {
        Process = process;
        this.manager = manager;
        lines = new BoundedJobStream<PSObject>(Output, LineBacklog.DefaultCapacity, dropped => new PSObject(OmittedLines(dropped)));
    }

    /// <summary>The agent process this job is.</summary>
    public AgentProcess Process { get; }

    /// <summary>The process's working directory.</summary>
    public override string Location => Process.WorkingDirectory;

    public override string StatusMessage => Process.State == AgentProcessState.Running ? "running, pid " + Process.ProcessId : Process.DescribeExit();

    private protected override Task Begin() => Task.Run(PumpAsync);

    /// <summary>Stop-Job: ends the process group with the session's stop policy (terminate, grace period, kill).</summary>
    private protected override void RequestStop()
    {
        Interlocked.Exchange(ref stopRequested, 1);
        manager.StopAsync(Process, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Remove-Job: the process goes with its job, so Get-AgentProcess no longer lists it (a running
    /// one is stopped first, as Remove-AgentProcess -Force does).
    /// </summary>
    internal void Release()
    {
        if (manager.TryGet(Process.Id, out var listed) && listed == Process)
        {
            manager.RemoveAsync(Process, force: true, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            disposed.Cancel();
        }

        base.Dispose(disposing);
    }

    private async Task PumpAsync()
    {
        var reader = Process.FollowOutput(0);
        try
        {
            while (true)
            {
                foreach (var line in reader.Read())
                {
                    lines.Add(new PSObject(line.Text));
                }

                if (reader.Ended)
                {
                    break;
                }

                await reader.WaitAsync(disposed.Token).ConfigureAwait(false);
                if (disposed.IsCancellationRequested)
                {
                    return;
                }
            }

            Finish();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or PSInvalidOperationException)
        {
            // Removed and disposed while the process still wrote: nobody can receive from it any more.
        }
    }

    private void Finish()
    {
        if (Process.PipesLeftOpen)
        {
            Warning.Add(new WarningRecord(EngineErrors.PipesLeftOpen(Process.Id, Process.Name).Message));
        }

        JobState final;
        if (Volatile.Read(ref stopRequested) != 0 || manager.IsClosed)
        {
            final = JobState.Stopped;
        }
        else if (Process.ExitCode == 0)
        {
            final = JobState.Completed;
        }
        else
        {
            Error.Add(ErrorRecords.From(EngineErrors.ProcessFailed(Process, Process.Id, Process.Name, Process.DescribeExit())));
            final = JobState.Failed;
        }

        SetJobState(final);
    }
}
