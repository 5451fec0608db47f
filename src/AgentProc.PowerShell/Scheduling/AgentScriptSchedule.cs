using System;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>
/// A script registered on a cron schedule in the session, as Get-AgentScript shows it. A live view,
/// like a job object: every property reads the schedule's current state, so an object kept in a
/// variable shows the next run, the counters and the last result as they change.
/// </summary>
public sealed class AgentScriptSchedule
{
    private readonly ScheduledScript schedule;

    internal AgentScriptSchedule(ScheduledScript schedule)
    {
        this.schedule = schedule;
    }

    public string Name => schedule.Name;

    /// <summary>The cron expression as it was given.</summary>
    public string Cron => schedule.Cron.Expression;

    /// <summary>The id of the zone whose wall clock the expression is matched in.</summary>
    public string TimeZone => schedule.Cron.TimeZone.Id;

    /// <summary>The next run, in the schedule zone's offset; null once unregistered, closed, or when no run is left.</summary>
    public DateTimeOffset? NextRun => schedule.NextRun;

    /// <summary>When the last run started (the clock at the firing), in the schedule zone's offset; null before the first run.</summary>
    public DateTimeOffset? LastRun => schedule.LastRun;

    /// <summary>The result of the last run that finished (skipped overlaps are in the history, not here).</summary>
    public AgentScriptResult? LastResult => schedule.LastResult;

    /// <summary>A run of this name is going: this schedule's, or one left by an earlier registration of the name (which this one waits for).</summary>
    public bool IsRunning => schedule.IsRunning;

    /// <summary>How many runs were started.</summary>
    public long Runs => schedule.Runs;

    /// <summary>How many firings were skipped because the previous run was still going.</summary>
    public long SkippedOverlaps => schedule.SkippedOverlaps;

    public DateTimeOffset RegisteredAt => schedule.RegisteredAt;

    public TimeSpan? Timeout => schedule.Script.Timeout;

    /// <summary>The log file the runs write to: the -LogPath given, resolved, or the default in the session's log directory.</summary>
    public string? LogPath => schedule.LogFile;

    public override string ToString() => Name;
}
