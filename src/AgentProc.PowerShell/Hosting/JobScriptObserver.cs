using System.Management.Automation;
using AgentProc.Output;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>
/// Puts what a script job's scripts do into the job's streams, as Invoke-AgentScript writes it:
/// results to Output, an error per failed script, warnings, a verbose line per start, and output lines
/// to Information tagged <c>stdout</c> or <c>stderr</c> (stderr lines to Warning with
/// <c>-StderrAsWarning</c>). Called from the runner's threads; a job's streams are thread-safe
/// collections. At most 4,096 lines wait in Information (and as many stderr lines in Warning) for
/// Receive-Job; past that the oldest give way to a marker.
/// </summary>
internal sealed class JobScriptObserver : IScriptObserver
{
    private readonly AgentScriptJob job;
    private readonly BoundedJobStream<InformationRecord> lines;
    private readonly BoundedJobStream<WarningRecord>? stderrWarnings;

    // A job keeps every stream for Receive-Job: only -StderrAsWarning changes where a line goes.
    private readonly ScriptLineRouting routing;

    public JobScriptObserver(AgentScriptJob job, bool stderrAsWarning)
    {
        this.job = job;
        routing = new ScriptLineRouting(informationRead: true, stderrAsWarning);
        lines = new BoundedJobStream<InformationRecord>(job.Information, LineBacklog.DefaultCapacity, dropped => ScriptInformation.Record(job.Name, AgentJob.OmittedLines(dropped)));
        if (stderrAsWarning)
        {
            stderrWarnings = new BoundedJobStream<WarningRecord>(job.Warning, LineBacklog.DefaultCapacity, dropped => new WarningRecord(ScriptInformation.Warning(job.Name, AgentJob.OmittedLines(dropped))));
        }
    }

    public bool WantsOutputLines => true;

    public void OnStarted(string name) => job.Verbose.Add(new VerboseRecord($"Script '{name}' started."));

    public void OnWaiting(string name, System.Collections.Generic.IReadOnlyList<string> waitingFor) =>
        job.Verbose.Add(new VerboseRecord($"Script '{name}' is waiting for {string.Join(", ", waitingFor)}."));

    public void OnOutputLine(string name, OutputStream stream, string line)
    {
        if (routing.TargetOf(stream) == ScriptLineTarget.Warning)
        {
            stderrWarnings!.Add(new WarningRecord(ScriptInformation.Warning(name, line)));
        }
        else
        {
            lines.Add(ScriptInformation.Record(name, stream, line));
        }
    }

    public void OnWarning(string name, string message) => job.Warning.Add(new WarningRecord($"[{name}] {message}"));

    public void OnCompleted(AgentScriptResult result)
    {
        job.OnResult(result);
        job.Output.Add(new PSObject(result));
        if (ScriptResultErrors.IsFailure(result))
        {
            job.Error.Add(ScriptResultErrors.For(result));
        }
    }
}
