using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProc.Scripts;

/// <summary>
/// The session's script runner: runs batches of scripts in parallel up to a throttle, in dependency
/// order, each in its own process group with its log, data directory and timeout; counts the outcomes;
/// and on close stops everything it started. Thread-safe: several runs may go at once.
/// </summary>
internal sealed class ScriptRunner : IDisposable
{
    private readonly object gate = new();
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly IProcessPlatform platform;
    private readonly CancellationTokenSource closeSource = new();
    private readonly HashSet<Task> activeRuns = new();
    // Scripts' groups that outlived their run (daemons), with when they were kept (Stopwatch ticks).
    private readonly List<(ChildProcess Child, long KeptAt)> lingering = new();
    private Task? closing;

    public ScriptRunner(ScriptRunnerOptions options, ILogger? logger = null, TimeProvider? time = null, IProcessPlatform? platform = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
        this.platform = platform ?? ProcessPlatform.Current;
    }

    public ScriptRunnerOptions Options { get; }

    public ScriptCounters Counters { get; } = new();

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
    /// The log file a run of <paramref name="script"/> would write now: its LogPath, or the default name in
    /// the log directory, read against the environment that run would get (so <c>$HOME/x.log</c> names the
    /// run's file). The LogPath as written when no path can be formed from it.
    /// </summary>
    public string? LogFileOf(ScriptDefinition script, IReadOnlyDictionary<string, string?>? defaultEnvironment)
    {
        var environment = ScriptEnvironment.Build(
            Environment.GetEnvironmentVariables(),
            defaultEnvironment,
            script.Environment,
            platform.EnvironmentIsCaseSensitive,
            ScriptEnvironment.DataDirectory(Options.DataDirectory, script.Name),
            Options.BinDirectory);
        try
        {
            return ScriptPaths.LogFile(script.Name, script.LogPath, Options.LogDirectory, environment);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            // The run itself reports this path as a start failure; a listing just shows what was given.
            return script.LogPath;
        }
    }

    /// <summary>Checks <paramref name="scripts"/> as a run would, relative paths against the .NET current directory. Throws the first problem.</summary>
    public void Validate(IReadOnlyList<ScriptDefinition> scripts) => Validate(scripts, null);

    /// <summary>Checks <paramref name="scripts"/> as a run would, relative paths against <paramref name="callerDirectory"/>. Throws the first problem.</summary>
    public void Validate(IReadOnlyList<ScriptDefinition> scripts, string? callerDirectory) => ScriptValidation.Validate(scripts, callerDirectory);

    /// <summary>
    /// Runs <paramref name="scripts"/> and returns one result per script, in the order given. Everything is
    /// validated first (an error throws before anything starts). Scripts run in parallel up to the
    /// throttle limit; one waiting for its dependencies holds no slot. A failure never stops the others.
    /// Cancelling <paramref name="cancellationToken"/> interrupts the running scripts (SIGHUP, then
    /// SIGKILL after the grace period) and cancels those not started; the call still returns every result.
    /// </summary>
    public async Task<IReadOnlyList<AgentScriptResult>> RunAsync(IReadOnlyList<ScriptDefinition> scripts, ScriptRunRequest request, IScriptObserver observer, CancellationToken cancellationToken)
    {
        if (scripts is null)
        {
            throw new ArgumentNullException(nameof(scripts));
        }

        request ??= new ScriptRunRequest();
        observer = new GuardedObserver(observer ?? ScriptObserver.None, logger);
        ThrowIfClosed();
        var throttle = request.ThrottleLimit ?? Options.DefaultThrottleLimit;
        if (throttle < 1)
        {
            throw EngineErrors.ScriptInvalidThrottleLimit(throttle);
        }

        var (plans, graph) = ScriptValidation.Validate(scripts, request.CallerDirectory);
        var context = new ScriptRunContext(Options, request, observer, platform, time, logger.RoutedTo(request.LogTarget));

        Task<AgentScriptResult[]> run;
        CancellationTokenSource linked;
        lock (gate)
        {
            // Under the lock, so that a close cannot miss a run that is starting.
            if (closing != null)
            {
                throw EngineErrors.SessionClosed();
            }

            PruneLingeringLocked();
            linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closeSource.Token);
            run = RunBatchAsync(plans, graph, context, throttle, linked.Token);
            activeRuns.Add(run);
        }

        try
        {
            return await run.ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
            {
                activeRuns.Remove(run);
            }

            linked.Dispose();
        }
    }

    /// <summary>
    /// Stops every run in progress (SIGHUP, the grace period, SIGKILL), waits for them, ends what finished
    /// scripts left running in their groups, and refuses new runs. Idempotent and thread-safe.
    /// </summary>
    public Task CloseAsync()
    {
        lock (gate)
        {
            closing ??= CloseCoreAsync(activeRuns.ToArray());
            return closing;
        }
    }

    public void Dispose() => CloseAsync().GetAwaiter().GetResult();

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw EngineErrors.SessionClosed();
        }
    }

    private async Task<AgentScriptResult[]> RunBatchAsync(IReadOnlyList<ScriptPlan> plans, ScriptDependencyGraph graph, ScriptRunContext context, int throttle, CancellationToken cancellationToken)
    {
        // Yield first: the caller registers this run (under the lock) before any script starts.
        await Task.Yield();
        foreach (var (script, dependency) in graph.Unknown)
        {
            var warning = ScriptMessages.UnknownDependency(plans[script].Name, dependency);
            context.Logger.LogWarning(Sessions.LogEvents.ShownToCaller, "{Warning}", warning);
            context.Observer.OnWarning(plans[script].Name, warning);
        }

        // SemaphoreSlim hands out slots to async waiters first come, first served: ready scripts start in the order given.
        using var slots = new SemaphoreSlim(throttle, throttle);
        var done = plans.Select(_ => new TaskCompletionSource<AgentScriptResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var tasks = new Task[plans.Count];
        for (var i = 0; i < plans.Count; i++)
        {
            tasks[i] = RunOneAsync(i, plans, graph, context, slots, done, cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return done.Select(d => d.Task.Result).ToArray();
    }

    /// <summary>
    /// Waits until every dependency has a result, telling the observer what it still waits for when
    /// the wait begins and every <see cref="ScriptRunnerOptions.WaitingReportInterval"/> after, as the
    /// agent logs "waiting for ..." while a script is blocked.
    /// </summary>
    private static async Task WaitForDependenciesAsync(string name, int[] dependencies, IReadOnlyList<ScriptPlan> plans, TaskCompletionSource<AgentScriptResult>[] done, ScriptRunContext context)
    {
        var all = Task.WhenAll(dependencies.Select(d => done[d].Task));
        while (!all.IsCompleted)
        {
            context.Observer.OnWaiting(name, dependencies.Where(d => !done[d].Task.IsCompleted).Select(d => plans[d].Name).ToArray());
            using var tick = new CancellationTokenSource();
            await Task.WhenAny(all, context.Time.Delay(context.WaitingReportInterval, tick.Token)).ConfigureAwait(false);
            tick.Cancel();
        }
    }

    private async Task RunOneAsync(int index, IReadOnlyList<ScriptPlan> plans, ScriptDependencyGraph graph, ScriptRunContext context, SemaphoreSlim slots, TaskCompletionSource<AgentScriptResult>[] done, CancellationToken cancellationToken)
    {
        var plan = plans[index];
        AgentScriptResult result;
        var holdsSlot = false;
        try
        {
            // Dependencies end whatever happens (each of these tasks always completes), so this cannot hang.
            await WaitForDependenciesAsync(plan.Name, graph.Requires[index].Concat(graph.After[index]).ToArray(), plans, done, context).ConfigureAwait(false);
            var failed = graph.Requires[index].Select(d => done[d].Task.Result).FirstOrDefault(r => r.Status != AgentScriptStatus.Ok);
            if (cancellationToken.IsCancellationRequested)
            {
                result = NotRun(plan, context, AgentScriptStatus.Canceled, ScriptMessages.CanceledBeforeStart);
            }
            else if (failed != null)
            {
                result = NotRun(plan, context, AgentScriptStatus.Skipped, ScriptMessages.Skipped(failed.Name, failed.Status));
            }
            else
            {
                try
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    holdsSlot = true;
                }
                catch (OperationCanceledException)
                {
                }

                if (!holdsSlot || cancellationToken.IsCancellationRequested)
                {
                    result = NotRun(plan, context, AgentScriptStatus.Canceled, ScriptMessages.CanceledBeforeStart);
                }
                else
                {
                    var run = new ScriptRun(plan, context);
                    result = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                    if (run.Lingering is { } child && !TryKeepLingering(child))
                    {
                        // The session is closing and may have swept already: end what the script left, now.
                        await StopGroupsAsync(new[] { child }).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // A bug must not hang the run or lose the other results: report it as this script's failure.
            context.Logger.LogError(ex, "Running script {Name} failed unexpectedly", plan.Name);
            result = NotRun(plan, context, AgentScriptStatus.ExitFailure, ScriptMessages.StartFailed(ex.Message));
        }

        Counters.Count(result.Status);
        context.Logger.LogInformation("Script {Name} ended: {Status}{Reason}", plan.Name, result.Status, result.Reason is null ? string.Empty : " (" + result.Reason + ")");
        context.Observer.OnCompleted(result);

        // The slot is freed after OnCompleted, so an observer never sees more scripts running than the throttle.
        if (holdsSlot)
        {
            slots.Release();
        }

        done[index].TrySetResult(result);
    }

    private static AgentScriptResult NotRun(ScriptPlan plan, ScriptRunContext context, AgentScriptStatus status, string reason) =>
        new(plan.Name, status, context.Stage) { Reason = reason };

    private bool TryKeepLingering(ChildProcess child)
    {
        lock (gate)
        {
            if (closing != null)
            {
                return false;
            }

            lingering.Add((child, Stopwatch.GetTimestamp()));
            return true;
        }
    }

    private void PruneLingeringLocked()
    {
        // Only groups kept a while ago: GroupIsAlive may miss a group younger than its /proc cache.
        var settled = Stopwatch.GetTimestamp() - Stopwatch.Frequency;
        lingering.RemoveAll(entry =>
        {
            if (entry.KeptAt > settled || entry.Child.GroupIsAlive)
            {
                return false;
            }

            entry.Child.Dispose();
            return true;
        });
    }

    private async Task CloseCoreAsync(Task[] runs)
    {
        logger.LogInformation("Closing the script runner: stopping {Count} run(s) in progress", runs.Length);
        closeSource.Cancel();
        await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);

        ChildProcess[] left;
        lock (gate)
        {
            left = lingering.Select(entry => entry.Child).ToArray();
            lingering.Clear();
        }

        await StopGroupsAsync(left).ConfigureAwait(false);
    }

    // What finished scripts left running in their groups: SIGHUP, the grace period, then SIGKILL.
    private async Task StopGroupsAsync(IReadOnlyCollection<ChildProcess> children)
    {
        await StopPolicy.StopAsync(children, ProcessSignal.Hangup, Options.GracePeriod, time, logger, describe: _ => "A background process left by a script").ConfigureAwait(false);
        foreach (var child in children)
        {
            child.Dispose();
        }
    }
}
