using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>
/// A run of Invoke-AgentScript as a PowerShell job (<c>-AsJob</c>): the scripts run in the background
/// with everything Invoke-AgentScript gives them (throttle, order, timeouts, logs), and Receive-Job
/// returns what it would have written, as it happens: a result per script, an error per failed
/// script, warnings, and each output line as an Information record.
/// Completed: every script ran and succeeded. Failed: at least one failed (its error says why).
/// Stopped: by Stop-Job (the running scripts are interrupted, the rest canceled), or the session closed.
/// </summary>
public sealed class AgentScriptJob : AgentJob
{
    public const string JobTypeName = "AgentScriptJob";

    private readonly object gate = new();
    private readonly ScriptRunner runner;
    private readonly IReadOnlyList<ScriptDefinition> scripts;
    private readonly ScriptRunRequest request;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<AgentScriptResult> results = new();
    private readonly bool stderrAsWarning;

    internal AgentScriptJob(ScriptRunner runner, IReadOnlyList<ScriptDefinition> scripts, ScriptRunRequest request, string command, string? name, bool stderrAsWarning = false)
        : base(command, name, JobTypeName)
    {
        this.runner = runner;
        this.scripts = scripts;
        this.request = request;
        this.stderrAsWarning = stderrAsWarning;
    }

    /// <summary>The results of the scripts that have ended so far, in the order they ended (Receive-Job takes them from Output; these stay).</summary>
    public IReadOnlyList<AgentScriptResult> Results
    {
        get
        {
            lock (gate)
            {
                return results.ToArray();
            }
        }
    }

    /// <summary>The directory relative script paths and working directories were resolved against.</summary>
    public override string Location => request.CallerDirectory ?? string.Empty;

    public override string StatusMessage
    {
        get
        {
            lock (gate)
            {
                return results.Count + " of " + scripts.Count + " script(s) ended";
            }
        }
    }

    private protected override Task Begin() => RunAsync();

    /// <summary>Stop-Job: interrupts the running scripts (SIGHUP, grace period, SIGKILL) and cancels the others.</summary>
    private protected override void RequestStop() => stopping.Cancel();

    internal void OnResult(AgentScriptResult result)
    {
        lock (gate)
        {
            results.Add(result);
        }
    }

    private async Task RunAsync()
    {
        // Yield first: StartJob returns (and Invoke-AgentScript writes the job) at once.
        await Task.Yield();
        JobState final;
        try
        {
            var ended = await runner.RunAsync(scripts, request, new JobScriptObserver(this, stderrAsWarning), stopping.Token).ConfigureAwait(false);
            final = stopping.IsCancellationRequested || runner.IsClosed ? JobState.Stopped
                : ended.Any(ScriptResultErrors.IsFailure) ? JobState.Failed
                : JobState.Completed;
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            Error.Add(ErrorRecords.From(ex));
            final = JobState.Failed;
        }

        try
        {
            SetJobState(final);
        }
        catch (ObjectDisposedException)
        {
            // Removed and disposed before its scripts ended: nobody can see its state any more.
        }
    }
}
