using System;
using System.Collections.Generic;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>
/// A script registered in the session, as Get-AgentScript shows it: on a cron schedule, or to run when
/// the session closes. A live view, like a job object: every property reads the current state, so an
/// object kept in a variable shows the next run, the counters and the last result as they change.
/// </summary>
public sealed class AgentScriptSchedule
{
    // Exactly one of the two.
    private readonly ScheduledScript? schedule;
    private readonly CloseScript? close;

    internal AgentScriptSchedule(ScheduledScript schedule)
    {
        this.schedule = schedule;
    }

    internal AgentScriptSchedule(CloseScript close)
    {
        this.close = close;
    }

    public string Name => schedule?.Name ?? close!.Name;

    /// <summary>What runs it: <c>Cron</c> (its expression) or <c>OnClose</c> (the session closing).</summary>
    public string Trigger => schedule != null ? "Cron" : "OnClose";

    /// <summary>The cron expression as it was given; null for an on-close script.</summary>
    public string? Cron => schedule?.Cron.Expression;

    /// <summary>The id of the zone whose wall clock the expression is matched in; null for an on-close script.</summary>
    public string? TimeZone => schedule?.Cron.TimeZone.Id;

    /// <summary>The next run, in the schedule zone's offset; null once unregistered, closed, when no run is left, or for an on-close script.</summary>
    public DateTimeOffset? NextRun => schedule?.NextRun;

    /// <summary>When the last run started (the clock at the firing), in the schedule zone's offset; null before the first run.</summary>
    public DateTimeOffset? LastRun => schedule != null ? schedule.LastRun : close!.LastResult?.StartedAt;

    /// <summary>The result of the last run that finished (skipped overlaps are in the history, not here).</summary>
    public AgentScriptResult? LastResult => schedule != null ? schedule.LastResult : close!.LastResult;

    /// <summary>A run of this name is going: this schedule's, or one left by an earlier registration of the name (which this one waits for).</summary>
    public bool IsRunning => schedule?.IsRunning ?? false;

    /// <summary>How many runs were started.</summary>
    public long Runs => schedule?.Runs ?? (close!.LastResult is null ? 0 : 1);

    /// <summary>How many firings were skipped because the previous run was still going.</summary>
    public long SkippedOverlaps => schedule?.SkippedOverlaps ?? 0;

    public DateTimeOffset RegisteredAt => schedule?.RegisteredAt ?? close!.RegisteredAt;

    public TimeSpan? Timeout => Script.Timeout;

    /// <summary>For an on-close script: the on-close scripts that must have succeeded before it runs.</summary>
    public IReadOnlyList<string> DependsOn => Script.DependsOn;

    /// <summary>For an on-close script: the on-close scripts it runs after, whatever their outcome.</summary>
    public IReadOnlyList<string> After => Script.After;

    /// <summary>The log file the runs write to: the -LogPath given, resolved, or the default in the session's log directory.</summary>
    public string? LogPath => schedule != null ? schedule.LogFile : close!.LogFile;

    private ScriptDefinition Script => schedule?.Script ?? close!.Script;

    public override string ToString() => Name;
}
