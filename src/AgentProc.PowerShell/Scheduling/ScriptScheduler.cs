using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Scripts;
using AgentProc.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProc.Scheduling;

/// <summary>
/// The session's cron schedules (Register-, Get-, Unregister-AgentScript). Each schedule has one
/// timer, armed for its next run; a firing starts a run (stage Cron) through the injected runner
/// without blocking the timer, and the result goes to a history bounded per schedule. A schedule never
/// overlaps itself: a firing while its previous run is still going is skipped and counted, and that
/// holds across an unregister and a new registration of the same name. Thread-safe.
/// </summary>
/// <remarks>
/// Locks: <c>gate</c> guards the registry; each <see cref="ScheduledScript"/> guards its own run
/// state. A schedule's lock may be taken while holding <c>gate</c>, never the reverse, and no
/// lock is held while calling the runner, a logger, an event handler or a cancellation callback.
/// </remarks>
internal sealed class ScriptScheduler : IDisposable
{
    /// <summary>Results kept per schedule name.</summary>
    public const int DefaultHistoryCapacity = 100;

    /// <summary>How many unregistered schedules' histories stay readable (the most recently unregistered).</summary>
    public const int RetiredHistories = 20;

    /// <summary>The longest a timer is armed for; it then re-checks the wall clock (see <see cref="ScheduledScript"/>).</summary>
    internal static readonly TimeSpan MaxTimerDue = TimeSpan.FromMinutes(1);

    private const string UnregisteredReason = "the schedule was unregistered";
    private const string ClosedReason = "the session closed";

    private readonly object gate = new();
    private readonly Dictionary<string, ScheduledScript> registered = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CloseScript> closeScripts = new(StringComparer.OrdinalIgnoreCase);
    // Registered schedules, plus unregistered ones whose run is still going: what close must stop.
    private readonly HashSet<ScheduledScript> live = new();
    private readonly ScheduledScriptRunner run;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ScheduleHistory history;
    private readonly Func<ScriptDefinition, string?> logFileOf;
    private TaskCompletionSource<bool>? closing;

    /// <param name="run">Runs one firing's script.</param>
    /// <param name="time">The clock (a manual one in tests).</param>
    /// <param name="logger">Where registrations, firings and skips are logged.</param>
    /// <param name="historyCapacity">Results kept per schedule name.</param>
    /// <param name="logFileOf">The log file a script's runs write to, for the schedule's LogPath; default: the LogPath as given.</param>
    public ScriptScheduler(ScheduledScriptRunner run, TimeProvider? time = null, ILogger? logger = null, int historyCapacity = DefaultHistoryCapacity,
        Func<ScriptDefinition, string?>? logFileOf = null)
    {
        if (historyCapacity < 1)
            throw EngineErrors.InvalidSize("history capacity", historyCapacity, 1);

        this.run = run ?? throw new ArgumentNullException(nameof(run));
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.logFileOf = logFileOf ?? (script => script.LogPath);
        history = new ScheduleHistory(historyCapacity, RetiredHistories);
    }

    /// <summary>
    /// Raised for every result the history gets: each finished run, and each firing skipped because
    /// the previous run was still going. On a background thread; a handler's exception is logged.
    /// </summary>
    public event Action<AgentScriptResult>? RunCompleted;

    /// <summary>
    /// Raised when a firing starts a run, just before the runner is called: the schedule's name, the
    /// instant the cron schedule gave, and the clock when the timer fired (their difference is the
    /// scheduler's lateness). Not raised for skipped overlaps.
    /// </summary>
    public event Action<string, DateTimeOffset, DateTimeOffset>? Fired;

    public int HistoryCapacity => history.Capacity;

    public bool IsClosed
    {
        get
        {
            lock (gate)
            {
                return closing != null;
            }
        }
    }

    /// <summary>
    /// Schedules <paramref name="script"/> (its Name is the schedule's name). The zone is used unless
    /// the expression has a <c>CRON_TZ=</c> prefix; null means the clock's local zone.
    /// </summary>
    /// <exception cref="CronFormatException">The expression is not valid; nothing was registered.</exception>
    /// <exception cref="AgentProcException">A bad name or timeout, an expression that never runs, a duplicate name, or a closed session.</exception>
    public AgentScriptSchedule Register(ScriptDefinition script, string cronExpression, TimeZoneInfo? zone, Sessions.ILogTarget? logTarget = null)
    {
        var logger = this.logger.RoutedTo(logTarget);
        if (script is null)
            throw new ArgumentNullException(nameof(script));
        var name = script.Name;
        if (string.IsNullOrWhiteSpace(name))
            throw EngineErrors.ScheduleNameInvalid(name);
        if (script.Timeout is { } timeout && timeout <= TimeSpan.Zero)
            throw EngineErrors.NegativeTimeout("Timeout", timeout);

        // Everything is checked before anything is registered: a bad call changes nothing.
        var cron = CronSchedule.Parse(cronExpression, zone ?? time.LocalTimeZone);
        var now = time.GetUtcNow();
        var first = cron.GetNextOccurrence(now) ?? throw EngineErrors.ScheduleNeverRuns(name, cronExpression);

        ScheduledScript schedule;
        lock (gate)
        {
            if (closing != null)
                throw EngineErrors.SessionClosed();
            if (registered.ContainsKey(name) || closeScripts.ContainsKey(name))
                throw EngineErrors.ScheduleExists(name);

            // A schedule of this name unregistered while its run went on: that run is this one's
            // previous run. Only one can be going, since each registration waits for the one before.
            var predecessor = live.FirstOrDefault(s => SameName(s.Name, name) && s.RunInProgress);
            schedule = new ScheduledScript(script, cron, now, first, MaxTimerDue, predecessor, logFileOf);
            registered.Add(name, schedule);
            live.Add(schedule);
            history.Revive(name);
        }

        schedule.Attach(CreateTimer(schedule), time.GetUtcNow());
        logger.LogInformation("Registered schedule {Name} ('{Cron}', time zone {Zone}); first run at {NextRun:O}",
            name, cron.Expression, cron.TimeZone.Id, first);
        return schedule.View;
    }

    /// <summary>
    /// Registers <paramref name="script"/> to run when the session closes, before its processes are
    /// stopped (see <see cref="TakeCloseScripts"/>). Names are shared with the cron schedules.
    /// </summary>
    public AgentScriptSchedule RegisterOnClose(ScriptDefinition script, Sessions.ILogTarget? logTarget = null)
    {
        var logger = this.logger.RoutedTo(logTarget);
        if (script is null)
            throw new ArgumentNullException(nameof(script));
        if (string.IsNullOrWhiteSpace(script.Name))
            throw EngineErrors.ScheduleNameInvalid(script.Name);

        var close = new CloseScript(script, time.GetUtcNow(), logFileOf);
        lock (gate)
        {
            if (closing != null)
                throw EngineErrors.SessionClosed();
            if (registered.ContainsKey(script.Name) || closeScripts.ContainsKey(script.Name))
                throw EngineErrors.ScheduleExists(script.Name);
            closeScripts.Add(script.Name, close);
            history.Revive(script.Name);
        }

        logger.LogInformation("Registered script {Name} to run when the session closes", script.Name);
        return close.View;
    }

    /// <summary>The definitions of the on-close scripts registered so far (to check a new one against them).</summary>
    public IReadOnlyList<ScriptDefinition> CloseScriptDefinitions()
    {
        lock (gate)
        {
            return closeScripts.Values.OrderBy(c => c.RegisteredAt).Select(c => c.Script).ToArray();
        }
    }

    /// <summary>The on-close scripts, in the order they were registered; emptied, since a session closes once.</summary>
    public IReadOnlyList<CloseScript> TakeCloseScripts()
    {
        lock (gate)
        {
            var all = closeScripts.Values.OrderBy(c => c.RegisteredAt).ToArray();
            closeScripts.Clear();
            return all;
        }
    }

    /// <summary>Keeps the result of an on-close run in the history, even after the scheduler has closed.</summary>
    public void Record(CloseScript script, AgentScriptResult result)
    {
        script.LastResult = result;
        history.Add(result);
        RunCompleted?.Invoke(result);
    }

    /// <summary>The registered schedules and on-close scripts, ordered by name.</summary>
    public IReadOnlyList<AgentScriptSchedule> List()
    {
        lock (gate)
        {
            return registered.Values.Select(s => (s.Name, s.View))
                .Concat(closeScripts.Values.Select(c => (c.Name, c.View)))
                .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
                .ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => s.View)
                .ToList();
        }
    }

    /// <exception cref="AgentProcException">No schedule has that name (ObjectNotFound).</exception>
    public AgentScriptSchedule Get(string name)
    {
        lock (gate)
        {
            if (name is not null && registered.TryGetValue(name, out var schedule))
                return schedule.View;
            if (name is not null && closeScripts.TryGetValue(name, out var close))
                return close.View;
        }

        throw EngineErrors.ScheduleNotFound(name ?? "");
    }

    /// <summary>
    /// Removes the schedule before returning: it never fires again. A run in progress is left to
    /// finish, or, with <paramref name="stopRunning"/>, canceled (the runner interrupts, then kills
    /// it) and the returned task completes once it has ended and been recorded. The token stops only
    /// that waiting.
    /// </summary>
    /// <exception cref="AgentProcException">No schedule has that name (ObjectNotFound); thrown at once, not through the task.</exception>
    public Task UnregisterAsync(string name, bool stopRunning, CancellationToken cancellationToken, Sessions.ILogTarget? logTarget = null)
    {
        var logger = this.logger.RoutedTo(logTarget);
        ScheduledScript? schedule;
        lock (gate)
        {
            if (name is not null && closeScripts.Remove(name))
            {
                history.Retire(name);
                logger.LogInformation("Unregistered the on-close script {Name}", name);
                return Task.CompletedTask;
            }

            if (name is null || !registered.TryGetValue(name, out schedule))
                throw EngineErrors.ScheduleNotFound(name ?? "");
            registered.Remove(name);
        }

        var (cancel, running) = schedule.Stop(UnregisteredReason, stopRunning);
        if (running is null)
        {
            Forget(schedule);

            // The run an earlier registration of this name left going is this schedule's run in progress.
            if (schedule.Predecessor is { } earlier)
                (cancel, running) = earlier.Stop(UnregisteredReason, stopRunning);
        }

        if (running is null)
            logger.LogInformation("Unregistered schedule {Name}", schedule.Name);
        else if (stopRunning)
            logger.LogInformation("Unregistered schedule {Name}; stopping its run in progress", schedule.Name);
        else
            logger.LogInformation("Unregistered schedule {Name}; its run in progress is left to finish", schedule.Name);

        if (cancel is not null)
            CancelRun(schedule, cancel);

        return stopRunning && running is not null
            ? TaskWaits.WaitAsync(running, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Results of finished runs and skipped firings, newest first; one schedule's (by name, even after it was unregistered) or all.</summary>
    public IReadOnlyList<AgentScriptResult> History(string? name = null) => history.Snapshot(name);

    /// <summary>
    /// Stops every timer, cancels the runs in progress (those of unregistered schedules too) and
    /// completes when they have ended and been recorded. Afterwards <see cref="Register"/> throws
    /// SessionClosed. Idempotent: every call returns the same task.
    /// </summary>
    public Task CloseAsync()
    {
        TaskCompletionSource<bool> done;
        ScheduledScript[] schedules;
        lock (gate)
        {
            if (closing != null)
                return closing.Task;
            closing = done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            schedules = live.ToArray();
            live.Clear();
            registered.Clear();
        }

        // Cancels synchronously (outside the lock), then completes `done` when the runs have ended.
        _ = CloseCoreAsync(schedules, done);
        return done.Task;
    }

    public void Dispose() => CloseAsync().GetAwaiter().GetResult();

    private async Task CloseCoreAsync(ScheduledScript[] schedules, TaskCompletionSource<bool> done)
    {
        try
        {
            var running = new List<Task>();
            foreach (var schedule in schedules)
            {
                var (cancel, runTask) = schedule.Stop(ClosedReason, stopRunning: true);
                if (cancel is not null)
                    CancelRun(schedule, cancel);
                if (runTask is not null)
                    running.Add(runTask);
            }

            logger.LogInformation("Closing the scheduler: {Schedules} schedule(s) stopped, waiting for {Runs} run(s) in progress",
                schedules.Length, running.Count);
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Closing the scheduler failed: {Message}", ex.Message);
        }
        finally
        {
            done.TrySetResult(true);
        }
    }

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A stopped schedule with no run left: close need not stop it, and when no schedule of its name is left, its history is retired.</summary>
    private void Forget(ScheduledScript schedule)
    {
        lock (gate)
        {
            live.Remove(schedule);
            if (closing is null && !live.Any(s => SameName(s.Name, schedule.Name)))
                history.Retire(schedule.Name);
        }
    }

    private ITimer CreateTimer(ScheduledScript schedule)
    {
        // The timer must not capture the registering command's async context (its log routing and
        // any other AsyncLocal): it fires long after that command has ended.
        if (ExecutionContext.IsFlowSuppressed())
            return time.CreateTimer(OnTimer, schedule, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        using (ExecutionContext.SuppressFlow())
        {
            return time.CreateTimer(OnTimer, schedule, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer(object? state)
    {
        var schedule = (ScheduledScript)state!;
        try
        {
            Fire(schedule);
        }
        catch (Exception ex)
        {
            // An exception escaping a thread-pool timer callback would end the whole process (pwsh).
            logger.LogError(ex, "Schedule {Name}: the timer callback failed: {Message}", schedule.Name, ex.Message);
        }
    }

    private void Fire(ScheduledScript schedule)
    {
        var firing = schedule.OnTimer(time.GetUtcNow());
        if (firing.Kind == ScheduleFiringKind.Nothing)
            return;

        if (firing.MissedFrom is { } missedFrom)
            logger.LogDebug(
                "Schedule {Name}: the clock was already past the run due at {Missed:O} (the machine stalled or slept); runs due up to {Now:O} are skipped, the next is at {Next:O}",
                schedule.Name, missedFrom, firing.Fired, firing.Next);
        if (firing.Next is null)
            logger.LogInformation("Schedule {Name} ('{Cron}') has no further run within five years; it will not fire again",
                schedule.Name, schedule.Cron.Expression);

        if (firing.Kind == ScheduleFiringKind.Overlap)
        {
            var skipped = ScheduledRunResults.Overlap(schedule.Name, firing.Scheduled);
            history.Add(skipped);
            logger.LogWarning("Schedule {Name}: skipped the run due at {Scheduled:O} because the previous run was still running ({Skipped} skipped so far)",
                schedule.Name, firing.Scheduled, schedule.SkippedOverlaps);
            RaiseRunCompleted(skipped);
            return;
        }

        logger.LogInformation("Schedule {Name}: starting the run due at {Scheduled:O}", schedule.Name, firing.Scheduled);
        RaiseFired(schedule.Name, firing.Scheduled, firing.Fired);
        // Fire and forget: RunAsync never throws, and returns to this timer callback at the runner's
        // first await, so a long run never holds up the timer.
        _ = RunAsync(schedule, firing);
    }

    private async Task RunAsync(ScheduledScript schedule, ScheduleFiring firing)
    {
        try
        {
            var result = await InvokeRunnerAsync(schedule, firing).ConfigureAwait(false);
            // History first, then the live state: whoever sees IsRunning go false finds the result there.
            history.Add(result);
            if (schedule.Finish(result))
                Forget(schedule);

            if (result.Status == AgentScriptStatus.Ok)
                logger.LogInformation("Schedule {Name}: the run due at {Scheduled:O} finished Ok", schedule.Name, firing.Scheduled);
            else
                logger.LogWarning("Schedule {Name}: the run due at {Scheduled:O} ended {Status}: {Reason}",
                    schedule.Name, firing.Scheduled, result.Status, result.Reason);
            RaiseRunCompleted(result);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Schedule {Name}: recording the run due at {Scheduled:O} failed: {Message}", schedule.Name, firing.Scheduled, ex.Message);
        }
        finally
        {
            firing.Done!.TrySetResult(true);
        }
    }

    /// <summary>Calls the runner and turns every outcome, exceptions included, into a result.</summary>
    private async Task<AgentScriptResult> InvokeRunnerAsync(ScheduledScript schedule, ScheduleFiring firing)
    {
        var script = schedule.Script;
        if (firing.Token.IsCancellationRequested)
            return ScheduledRunResults.NotStarted(script.Name, schedule.StopReason);

        try
        {
            // Inside this async method, a runner that throws synchronously is caught below as well.
            var result = await run(script, AgentScriptStage.Cron, firing.Token).ConfigureAwait(false);
            return result ?? ScheduledRunResults.NoResult(script, firing.Fired, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (firing.Token.IsCancellationRequested)
        {
            return ScheduledRunResults.Canceled(script, firing.Fired, time.GetUtcNow(), schedule.StopReason);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Schedule {Name}: the runner failed for the run due at {Scheduled:O}: {Message}",
                schedule.Name, firing.Scheduled, ex.Message);
            return ScheduledRunResults.Failed(script, firing.Fired, time.GetUtcNow(), ex);
        }
    }

    private void CancelRun(ScheduledScript schedule, CancellationTokenSource cancel)
    {
        try
        {
            cancel.Cancel();
        }
        catch (AggregateException ex)
        {
            // The runner's cancellation callbacks threw; the run still ends through its own handling.
            logger.LogWarning(ex, "Schedule {Name}: stopping the run in progress raised: {Message}", schedule.Name, ex.Message);
        }
    }

    private void RaiseFired(string name, DateTimeOffset scheduled, DateTimeOffset fired)
    {
        try
        {
            Fired?.Invoke(name, scheduled, fired);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A Fired handler failed for schedule {Name}: {Message}", name, ex.Message);
        }
    }

    private void RaiseRunCompleted(AgentScriptResult result)
    {
        try
        {
            RunCompleted?.Invoke(result);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A RunCompleted handler failed for schedule {Name}: {Message}", result.Name, ex.Message);
        }
    }
}
