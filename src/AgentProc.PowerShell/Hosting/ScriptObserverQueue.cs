using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using AgentProc.Output;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>
/// Carries a script run's events from the runner's threads to the pipeline thread: output lines
/// to the Information stream (tagged with the script's name and <c>stdout</c> or <c>stderr</c>), or
/// standard-error lines to the Warning stream with <c>-StderrAsWarning</c>; warnings to the Warning
/// stream, results to the output, and a non-terminating error for each failed script.
/// </summary>
/// <remarks>
/// Lines wait in a bounded backlog: when the script prints faster than the pipeline writes records,
/// the excess is dropped and the next record says how many lines were dropped. Lines bound for a
/// stream the caller ignores are not queued at all.
/// </remarks>
internal sealed class ScriptObserverQueue : IScriptObserver
{
    // A progress bar per waiting script, by name; touched on the pipeline thread only.
    private const int FirstWaitingActivity = 0x4160;
    private readonly Dictionary<string, int> waitingBars = new(StringComparer.Ordinal);
    private readonly PipelineQueue queue;
    private readonly LineBacklog backlog;
    private readonly ScriptLineRouting routing;

    public ScriptObserverQueue(PipelineQueue queue, ScriptLineRouting routing, LineBacklog? backlog = null)
    {
        this.queue = queue;
        this.routing = routing;
        this.backlog = backlog ?? new LineBacklog();
    }

    public bool WantsOutputLines => routing.WantsLines;

    public void OnStarted(string name) => queue.Post(cmdlet =>
    {
        EndWaiting(cmdlet, name);
        cmdlet.WriteVerbose($"Script '{name}' started.");
    });

    public void OnWaiting(string name, IReadOnlyList<string> waitingFor) => queue.Post(cmdlet =>
    {
        var message = $"Script '{name}' is waiting for {string.Join(", ", waitingFor)}.";
        cmdlet.WriteVerbose(message);
        if (!waitingBars.TryGetValue(name, out var activity))
        {
            activity = FirstWaitingActivity + waitingBars.Count;
            waitingBars[name] = activity;
        }

        cmdlet.WriteProgress(new ProgressRecord(activity, $"Script '{name}'", "Waiting for " + string.Join(", ", waitingFor)));
    });

    public void OnOutputLine(string name, OutputStream stream, string line)
    {
        var target = routing.TargetOf(stream);
        if (target == ScriptLineTarget.Nowhere || !backlog.TryEnter(name))
        {
            return;
        }

        queue.Post(cmdlet =>
        {
            backlog.Leave();
            WriteDropped(cmdlet, name);
            if (target == ScriptLineTarget.Warning)
            {
                cmdlet.WriteWarning(ScriptInformation.Warning(name, line));
            }
            else
            {
                cmdlet.WriteInformation(ScriptInformation.Record(name, stream, line));
            }
        });
    }

    public void OnWarning(string name, string message) => queue.Post(cmdlet => cmdlet.WriteWarning($"[{name}] {message}"));

    public void OnCompleted(AgentScriptResult result) => queue.Post(cmdlet =>
    {
        EndWaiting(cmdlet, result.Name);
        WriteDropped(cmdlet, result.Name);
        cmdlet.WriteScriptResult(result);
    });

    // A script that waited and now runs (or was skipped) takes its progress bar down.
    private void EndWaiting(AgentCmdlet cmdlet, string name)
    {
        if (waitingBars.TryGetValue(name, out var activity))
        {
            waitingBars.Remove(name);
            cmdlet.WriteProgress(new ProgressRecord(activity, $"Script '{name}'", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void WriteDropped(AgentCmdlet cmdlet, string name)
    {
        var dropped = backlog.TakeDropped(name);
        if (dropped > 0)
        {
            cmdlet.WriteInformation(Record(name, string.Format(CultureInfo.InvariantCulture, "=== agentproc: {0} line(s) of script '{1}' were dropped here: the pipeline did not keep up with the output (its log file has every line) ===", dropped, name)));
        }
    }

    private static InformationRecord Record(string name, string text) => ScriptInformation.Record(name, text);
}
