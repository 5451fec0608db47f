using System.Management.Automation;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>
/// Puts what a script job's scripts do into the job's streams, as Invoke-AgentScript writes it:
/// results to Output, an error per failed script, warnings, a verbose line per start, and output lines
/// to Information. Called from the runner's threads; a job's streams are thread-safe collections.
/// At most 4,096 lines wait in Information for Receive-Job; past that the oldest give way to a marker.
/// </summary>
internal sealed class JobScriptObserver : IScriptObserver
{
    private readonly AgentScriptJob job;
    private readonly BoundedJobStream<InformationRecord> lines;

    public JobScriptObserver(AgentScriptJob job)
    {
        this.job = job;
        lines = new BoundedJobStream<InformationRecord>(job.Information, LineBacklog.DefaultCapacity, dropped => ScriptInformation.Record(job.Name, AgentJob.OmittedLines(dropped)));
    }

    public bool WantsOutputLines => true;

    public void OnStarted(string name) => job.Verbose.Add(new VerboseRecord($"Script '{name}' started."));

    public void OnWaiting(string name, System.Collections.Generic.IReadOnlyList<string> waitingFor) =>
        job.Verbose.Add(new VerboseRecord($"Script '{name}' is waiting for {string.Join(", ", waitingFor)}."));

    public void OnOutputLine(string name, string line) => lines.Add(ScriptInformation.Record(name, line));

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
