using System;
using System.Globalization;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>The results the scheduler makes itself, for firings whose run did not produce one.</summary>
internal static class SchedulerResults
{
    public const string OverlapReason = "The previous run was still running";

    /// <summary>A firing skipped because the previous run was still going. It never ran: no times, no exit code, no log.</summary>
    public static AgentScriptResult Overlap(string name, DateTimeOffset scheduled) =>
        new(name, AgentScriptStatus.Skipped, AgentScriptStage.Cron)
        {
            Reason = string.Format(CultureInfo.InvariantCulture,
                "{0} at the scheduled time {1:yyyy-MM-ddTHH:mm:sszzz}, so this run was skipped (runs of a schedule never overlap).",
                OverlapReason, scheduled),
        };

    /// <summary>The runner threw or faulted: the scheduler records a failure and keeps firing.</summary>
    public static AgentScriptResult Failed(ScriptDefinition script, DateTimeOffset started, DateTimeOffset ended, Exception error) =>
        new(script.Name, AgentScriptStatus.ExitFailure, AgentScriptStage.Cron)
        {
            StartedAt = started,
            EndedAt = ended,
            LogPath = script.LogPath,
            Reason = "The scheduled run failed: " + error.Message,
        };

    /// <summary>The runner returned nothing at all (a bug in it), recorded rather than lost.</summary>
    public static AgentScriptResult NoResult(ScriptDefinition script, DateTimeOffset started, DateTimeOffset ended) =>
        new(script.Name, AgentScriptStatus.ExitFailure, AgentScriptStage.Cron)
        {
            StartedAt = started,
            EndedAt = ended,
            LogPath = script.LogPath,
            Reason = "The scheduled run failed: the script runner returned no result.",
        };

    /// <summary>The run was stopped by us (unregister -StopRunning, or close) and the runner reported it by canceling.</summary>
    public static AgentScriptResult Canceled(ScriptDefinition script, DateTimeOffset started, DateTimeOffset ended, string why) =>
        new(script.Name, AgentScriptStatus.Canceled, AgentScriptStage.Cron)
        {
            StartedAt = started,
            EndedAt = ended,
            LogPath = script.LogPath,
            Reason = "The run was stopped because " + why + ".",
        };

    /// <summary>The run was stopped before the runner was even called (close or unregister raced the firing).</summary>
    public static AgentScriptResult NotStarted(string name, string why) =>
        new(name, AgentScriptStatus.Canceled, AgentScriptStage.Cron)
        {
            Reason = "The run was not started because " + why + ".",
        };
}
