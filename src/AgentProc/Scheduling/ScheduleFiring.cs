using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentProc.Scheduling;

/// <summary>What one timer callback decided, so the scheduler can act on it (log, start, record) outside the schedule's lock.</summary>
internal readonly struct ScheduleFiring
{
    private ScheduleFiring(ScheduleFiringKind kind, DateTimeOffset scheduled, DateTimeOffset fired, DateTimeOffset? next,
        DateTimeOffset? missedFrom, CancellationToken token, TaskCompletionSource<bool>? done)
    {
        Kind = kind;
        Scheduled = scheduled;
        Fired = fired;
        Next = next;
        MissedFrom = missedFrom;
        Token = token;
        Done = done;
    }

    public ScheduleFiringKind Kind { get; }

    /// <summary>The instant the cron schedule gave for this firing.</summary>
    public DateTimeOffset Scheduled { get; }

    /// <summary>The clock when the timer fired (later than <see cref="Scheduled"/> by the timer's lateness).</summary>
    public DateTimeOffset Fired { get; }

    /// <summary>The next run armed after this firing; null when the schedule has no more runs.</summary>
    public DateTimeOffset? Next { get; }

    /// <summary>When the clock had already passed later runs (the machine stalled): the first of those that were passed over.</summary>
    public DateTimeOffset? MissedFrom { get; }

    /// <summary>For <see cref="ScheduleFiringKind.Run"/>: the token the run is given, canceled by unregister -StopRunning or close.</summary>
    public CancellationToken Token { get; }

    /// <summary>For <see cref="ScheduleFiringKind.Run"/>: completed by the scheduler once the run is recorded.</summary>
    public TaskCompletionSource<bool>? Done { get; }

    public static ScheduleFiring Nothing => default;

    public static ScheduleFiring Run(DateTimeOffset scheduled, DateTimeOffset fired, DateTimeOffset? next, DateTimeOffset? missedFrom,
        CancellationToken token, TaskCompletionSource<bool> done) =>
        new(ScheduleFiringKind.Run, scheduled, fired, next, missedFrom, token, done);

    public static ScheduleFiring Overlap(DateTimeOffset scheduled, DateTimeOffset fired, DateTimeOffset? next, DateTimeOffset? missedFrom) =>
        new(ScheduleFiringKind.Overlap, scheduled, fired, next, missedFrom, CancellationToken.None, null);
}

internal enum ScheduleFiringKind
{
    /// <summary>Nothing to do: the schedule was stopped, or the timer woke before the run was due and was re-armed.</summary>
    Nothing,
    /// <summary>Start a run.</summary>
    Run,
    /// <summary>The previous run is still going: skip this one and record it.</summary>
    Overlap,
}
