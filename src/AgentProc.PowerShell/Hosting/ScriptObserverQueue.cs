using System.Management.Automation;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>
/// Carries a script run's events from the runner's threads to the pipeline thread: output lines
/// to the Information stream (tagged with the script's name), warnings to the Warning stream,
/// results to the output, and a non-terminating error for each failed script.
/// </summary>
internal sealed class ScriptObserverQueue : IScriptObserver
{
    public const string Tag = "AgentProc";

    private readonly PipelineQueue queue;

    public ScriptObserverQueue(PipelineQueue queue)
    {
        this.queue = queue;
    }

    public void OnStarted(string name) => queue.Post(cmdlet => cmdlet.WriteVerbose($"Script '{name}' started."));

    public void OnOutputLine(string name, string line) => queue.Post(cmdlet =>
    {
        var record = new InformationRecord(line, "AgentScript:" + name);
        record.Tags.Add(Tag);
        record.Tags.Add(name);
        cmdlet.WriteInformation(record);
    });

    public void OnWarning(string name, string message) => queue.Post(cmdlet => cmdlet.WriteWarning($"[{name}] {message}"));

    public void OnCompleted(AgentScriptResult result) => queue.Post(cmdlet => cmdlet.WriteScriptResult(result));
}
