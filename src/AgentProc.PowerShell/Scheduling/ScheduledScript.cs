using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>
/// One registered schedule: its script, cron schedule, single timer and run state. Every decision
/// (fire, skip an overlap, skip ahead, stop) is taken under its lock, so a timer callback racing an
/// unregister or a close always sees one consistent state. While locked it calls nothing but its own
/// timer and its predecessor's run state (a newer schedule may lock an older one, never the reverse).
/// </summary>
internal sealed class ScheduledScript
{
    private readonly object sync = new();
    private readonly TimeSpan maxTimerDue;
    private readonly Func<ScriptDefinition, string?> logFileOf;
    private ITimer? timer;
    // An unregistered schedule of the same name whose run was still going at this one's registration.
    private ScheduledScript? predecessor;
    private bool stopped;
    private string stopReason = "";
    private DateTimeOffset? nextRun;
    private DateTimeOffset? lastRun;
    private AgentScriptResult? lastResult;
    private long runs;
    private long skippedOverlaps;
    private CancellationTokenSource? runCancel;
    private TaskCompletionSource<bool>? runDone;

    /// <summary>
    /// A schedule armed for <paramref name="firstRun"/> once its timer is attached. A
    /// <paramref name="predecessor"/> (an unregistered schedule of the same name whose run is still
    /// going) counts as this schedule's previous run, so the two never overlap.
    /// </summary>
    public ScheduledScript(ScriptDefinition script, CronSchedule cron, DateTimeOffset registeredAt, DateTimeOffset firstRun, TimeSpan maxTimerDue,
        ScheduledScript? predecessor, Func<ScriptDefinition, string?> logFileOf)
    {
        Script = script;
        Cron = cron;
        RegisteredAt = registeredAt;
        nextRun = firstRun;
        this.maxTimerDue = maxTimerDue;
        this.predecessor = predecessor;
        this.logFileOf = logFileOf;
        View = new AgentScriptSchedule(this);
    }

    public string Name => Script.Name;

    public ScriptDefinition Script { get; }

    public CronSchedule Cron { get; }

    public DateTimeOffset RegisteredAt { get; }

    /// <summary>The public, live view of this schedule.</summary>
    public AgentScriptSchedule View { get; }

    public DateTimeOffset? NextRun { get { lock (sync) return nextRun; } }

    public DateTimeOffset? LastRun { get { lock (sync) return lastRun; } }

    public AgentScriptResult? LastResult { get { lock (sync) return lastResult; } }

    /// <summary>This registration's own run is going.</summary>
    public bool RunInProgress { get { lock (sync) return runDone != null; } }

    /// <summary>A run of this name is going: this registration's, or the one its predecessor left.</summary>
    public bool IsRunning => RunInProgress || Predecessor?.RunInProgress == true;

    /// <summary>The unregistered schedule of the same name whose run was going at registration; null once that run is seen to have ended.</summary>
    public ScheduledScript? Predecessor { get { lock (sync) return predecessor; } }

    /// <summary>The log file the runs write to, as the session's settings read now.</summary>
    public string? LogFile => logFileOf(Script);

    public long Runs { get { lock (sync) return runs; } }

    public long SkippedOverlaps { get { lock (sync) return skippedOverlaps; } }

    /// <summary>Why the run in progress was canceled ("the schedule was unregistered", "the session closed").</summary>
    public string StopReason { get { lock (sync) return stopReason; } }

    /// <summary>
    /// Gives the schedule its timer (created disarmed, so its callback cannot run before it is
    /// attached) and arms it for the first run. A schedule stopped in the meantime (an unregister or
    /// close racing the register) disposes it instead.
    /// </summary>
    public void Attach(ITimer newTimer, DateTimeOffset now)
    {
        lock (sync)
        {
            if (stopped || nextRun is not { } next)
            {
                newTimer.Dispose();
                return;
            }

            timer = newTimer;
            ArmLocked(next - now);
        }
    }

    /// <summary>Decides what a timer firing at <paramref name="now"/> does, and re-arms the timer for the next run.</summary>
    public ScheduleFiring OnTimer(DateTimeOffset now)
    {
        lock (sync)
        {
            if (stopped || nextRun is not { } scheduled)
                return ScheduleFiring.Nothing;

            // Woken before the run is due: an early timer (the timer counts monotonic time, the
            // schedule is wall-clock time), or one of the capped intermediate wake-ups. Sleep on.
            if (now < scheduled)
            {
                ArmLocked(scheduled - now);
                return ScheduleFiring.Nothing;
            }

            // The next run follows from the scheduled instant, not from "now", so lateness of one
            // firing never shifts the ones after it (no drift). If the clock is already past it, the
            // machine stalled: runs that were passed over are dropped, not caught up in a burst.
            var next = Cron.GetNextOccurrence(scheduled);
            DateTimeOffset? missedFrom = null;
            if (next is { } passed && passed <= now)
            {
                missedFrom = passed;
                next = Cron.GetNextOccurrence(now);
            }

            nextRun = next;
            if (next is { } upcoming)
                ArmLocked(upcoming - now);

            var predecessorRunning = predecessor?.RunInProgress == true;
            if (!predecessorRunning)
                predecessor = null;

            if (runDone != null || predecessorRunning)
            {
                skippedOverlaps++;
                return ScheduleFiring.Overlap(scheduled, now, next, missedFrom);
            }

            runs++;
            lastRun = TimeZoneInfo.ConvertTime(now, Cron.TimeZone);
            runCancel = new CancellationTokenSource();
            // Continuations run asynchronously so that whoever awaits the run (close, unregister)
            // never continues on the thread that is still recording it.
            runDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return ScheduleFiring.Run(scheduled, now, next, missedFrom, runCancel.Token, runDone);
        }
    }

    /// <summary>
    /// Stops future firings at once (idempotent). Returns the token source to cancel when the run in
    /// progress must be stopped (cancel it outside any lock: the runner's callbacks run inline), and
    /// the task that completes when that run is recorded; both null when nothing is running.
    /// </summary>
    public (CancellationTokenSource? Cancel, Task? Running) Stop(string reason, bool stopRunning)
    {
        lock (sync)
        {
            if (!stopped)
            {
                stopped = true;
                nextRun = null;
                timer?.Dispose();
                timer = null;
            }

            if (runDone is null)
                return (null, null);

            if (stopRunning)
                stopReason = reason;

            return (stopRunning ? runCancel : null, runDone.Task);
        }
    }

    /// <summary>Records the end of the run in progress. Returns whether the schedule was stopped meanwhile.</summary>
    public bool Finish(AgentScriptResult result)
    {
        lock (sync)
        {
            lastResult = result;
            // The token source is not disposed: a concurrent Stop may still cancel it, and without
            // CancelAfter or linked tokens it holds nothing that needs disposing.
            runCancel = null;
            runDone = null;
            return stopped;
        }
    }

    private void ArmLocked(TimeSpan due)
    {
        // Capped, because System.Threading.Timer refuses due times past ~49.7 days (@yearly), and
        // because a timer counts monotonic time: after a suspend or a clock change the wall clock
        // jumps, and a capped timer notices within the cap instead of running hours late.
        if (due < TimeSpan.Zero)
            due = TimeSpan.Zero;
        if (due > maxTimerDue)
            due = maxTimerDue;
        timer?.Change(due, Timeout.InfiniteTimeSpan);
    }
}
