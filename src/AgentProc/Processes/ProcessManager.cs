using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProc.Processes;

/// <summary>
/// The session's processes: starts them, tracks them by id, forgets exited ones after the
/// retention period, and on close ends every one it started. Thread-safe.
/// </summary>
internal sealed class ProcessManager : IDisposable
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private readonly Dictionary<int, AgentProcess> processes = new();
    private readonly Dictionary<string, AgentProcess> byIdempotencyKey = new(StringComparer.Ordinal);

    // Children of removed and forgotten processes: their groups stay the session's to end until they
    // are empty (a `sleep 300 &` the shell left behind), whether or not anyone can still list them.
    private readonly List<ChildProcess> released = new();

    // Idempotency keys whose first start is under way (the fork happens outside the lock).
    private readonly Dictionary<string, TaskCompletionSource<AgentProcess>> startingKeys = new(StringComparer.Ordinal);

    // Keys whose processes were forgotten, oldest first: a retry within the idempotency retention
    // gets the receipt instead of a second run.
    private readonly Dictionary<string, LinkedListNode<AgentProcessReceipt>> receipts = new(StringComparer.Ordinal);
    private readonly LinkedList<AgentProcessReceipt> receiptOrder = new();
    private readonly IProcessPlatform platform;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private volatile IReadOnlyDictionary<string, string?>? defaultEnvironment;
    private string? defaultWorkingDirectory;
    private int lastId;
    private Task? closing;
    private DateTimeOffset lastPrune = DateTimeOffset.MinValue;
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    public ProcessManager(ProcessManagerOptions? options = null, ILogger? logger = null, TimeProvider? time = null, IProcessPlatform? platform = null)
    {
        Options = options ?? new ProcessManagerOptions();
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
        this.platform = platform ?? ProcessPlatform.Current;
    }

    public ProcessManagerOptions Options { get; }

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

    /// <summary>Environment entries every new process gets (after the inherited ones); changeable at any time.</summary>
    public IReadOnlyDictionary<string, string?>? DefaultEnvironment => defaultEnvironment;

    /// <summary>
    /// The session's shared script bin directory, put first on every process's PATH (and named in
    /// AGENTPROC_SCRIPT_BIN_DIR), so a tool a script installed there is found by later commands.
    /// </summary>
    public Func<string>? BinDirectory { get; set; }

    /// <summary>The working directory for starts that name none. Set once per session.</summary>
    public string? DefaultWorkingDirectory => defaultWorkingDirectory;

    /// <summary>
    /// Merges <paramref name="changes"/> into the default environment of later starts: a name with a
    /// value sets it, a name with null is taken out of the defaults. Processes already running keep
    /// what they started with.
    /// </summary>
    public void SetDefaultEnvironment(IReadOnlyDictionary<string, string?> changes)
    {
        InputChecks.Environment(changes);
        lock (gate)
        {
            // A new dictionary each time: starts in progress keep reading the one they took.
            var merged = defaultEnvironment is null
                ? new Dictionary<string, string?>(platform.EnvironmentIsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string?>(defaultEnvironment.ToDictionary(p => p.Key, p => p.Value), platform.EnvironmentIsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            foreach (var change in changes)
            {
                if (change.Value is null)
                {
                    merged.Remove(change.Key);
                }
                else
                {
                    merged[change.Key] = change.Value;
                }
            }

            defaultEnvironment = merged.Count == 0 ? null : merged;
        }
    }

    public void SetDefaultWorkingDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw EngineErrors.WorkingDirectoryNotFound(directory);
        }

        lock (gate)
        {
            if (defaultWorkingDirectory != null)
            {
                throw EngineErrors.DefaultsAlreadySet("working directory");
            }

            defaultWorkingDirectory = Path.GetFullPath(directory);
        }
    }

    /// <summary>
    /// Starts the request's command and returns at once. With an idempotency key already used by the
    /// same inputs, returns that process instead; with different inputs, throws.
    /// </summary>
    public AgentProcess Start(ProcessStartRequest request)
    {
        var outcome = StartOrRecall(request);
        return outcome.Process ?? throw EngineErrors.IdempotencyKeyRecalled(outcome.Receipt!);
    }

    /// <summary>
    /// Like <see cref="Start"/>, but a key whose process was already forgotten returns its receipt
    /// (while the idempotency retention lasts) instead of starting the work again.
    /// </summary>
    public ProcessStartOutcome StartOrRecall(ProcessStartRequest request)
    {
        var logger = this.logger.RoutedTo(request.LogTarget);
        InputChecks.Command(request.Command, program: request.ArgumentList != null);
        InputChecks.Arguments(request.ArgumentList);
        InputChecks.Environment(request.Environment);
        InputChecks.NotBlank(request.WorkingDirectory, "WorkingDirectory");
        InputChecks.NotBlank(request.IdempotencyKey, "IdempotencyKey");

        if (request.Timeout is { } timeout)
        {
            // Before anything starts: a deadline no timer can hold must not leave a process unreachable.
            SettingLimits.Duration("Timeout", timeout, SettingLimits.MaxTimeout);
        }

        var workingDirectory = ResolveWorkingDirectory(request);
        var environment = EnvironmentBuilder.Build(
            request.InheritedEnvironment ?? Environment.GetEnvironmentVariables(),
            defaultEnvironment,
            request.Environment,
            platform.EnvironmentIsCaseSensitive);
        if (BinDirectory?.Invoke() is { } bin)
        {
            environment[Scripts.ScriptEnvironment.BinDirVariable] = bin;
            Scripts.ScriptEnvironment.PrependToPath(environment, bin);
        }

        // A program runs without a shell: found now, so a wrong name is an error before anything starts.
        var program = request.ArgumentList is null ? null : ProgramPath.Find(request.Command, request.CallerDirectory ?? Directory.GetCurrentDirectory(), environment);
        var name = string.IsNullOrWhiteSpace(request.Name) ? (program != null ? Path.GetFileName(program) : DeriveName(request.Command)) : request.Name!.Trim();
        var info = new ChildStartInfo(program ?? request.Command, workingDirectory, environment)
        {
            Arguments = request.ArgumentList,
            Shell = request.Shell,
            DrainDelay = Options.DrainDelay,
            GracePeriod = Options.CloseGracePeriod,
        };
        var fingerprint = Fingerprint(request, workingDirectory, name);

        // Nothing slow under the lock: the id (and the key) are reserved under it, the process is
        // started outside it, and published under it again.
        int id;
        TaskCompletionSource<AgentProcess>? keyStart = null;
        List<AgentProcess> pruned;
        while (true)
        {
            Task<AgentProcess>? inFlight = null;
            lock (gate)
            {
                if (closing != null)
                {
                    throw EngineErrors.SessionClosed();
                }

                pruned = PruneLocked();
                if (request.IdempotencyKey is { } key)
                {
                    if (byIdempotencyKey.TryGetValue(key, out var existing))
                    {
                        if (existing.Fingerprint != fingerprint)
                        {
                            throw EngineErrors.IdempotencyConflict(key, existing.Id);
                        }

                        LogForgotten(pruned);
                        logger.LogDebug("Idempotency key {Key} returns agent process {Id}", key, existing.Id);
                        return new ProcessStartOutcome(existing);
                    }

                    if (startingKeys.TryGetValue(key, out var starting))
                    {
                        // Another start of the same key is under way: its process is the answer.
                        inFlight = starting.Task;
                    }
                    else if (TryRecallLocked(key) is { } receipt)
                    {
                        if (receipt.Fingerprint != fingerprint)
                        {
                            throw EngineErrors.IdempotencyConflict(key, receipt.Id);
                        }

                        LogForgotten(pruned);
                        return new ProcessStartOutcome(receipt);
                    }
                    else
                    {
                        keyStart = new TaskCompletionSource<AgentProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
                        startingKeys.Add(key, keyStart);
                    }
                }

                if (inFlight is null)
                {
                    id = ++lastId;
                    break;
                }
            }

            LogForgotten(pruned);

            // The other start publishes its process (then the key is found above) or fails (then this one starts).
            try
            {
                inFlight.Wait();
            }
            catch (AggregateException)
            {
            }
        }

        LogForgotten(pruned);
        var buffer = new HeadTailBuffer(Options.HeadBytes, Options.TailBytes, Options.MaxLineLength);
        var window = new OutputWindow(OutputWindow.DefaultCapacity, Options.MaxLineLength);
        ChildProcess child;
        try
        {
            // The child logs for its whole life, mostly after this command ended: the session's logger.
            child = ChildProcess.Start(info, platform, new OutputSinks(new OutputTee(buffer, window)), time, this.logger);
        }
        catch (Exception ex)
        {
            var error = ex as AgentProcException ?? EngineErrors.StartFailed(request.Command, ex);
            lock (gate)
            {
                ReleaseKeyLocked(request.IdempotencyKey, keyStart);
            }

            keyStart?.TrySetException(error);
            throw error;
        }

        var process = new AgentProcess(id, name, request, info, child, buffer, window, time, fingerprint);
        bool closed;
        lock (gate)
        {
            closed = closing != null;
            if (!closed)
            {
                processes.Add(process.Id, process);
                if (request.IdempotencyKey is { } newKey)
                {
                    byIdempotencyKey[newKey] = process;
                }
            }

            ReleaseKeyLocked(request.IdempotencyKey, keyStart);
        }

        if (closed)
        {
            // The session closed while this process started: it is ended here, since the close could not see it.
            child.Signal(ProcessSignal.Kill);
            _ = child.Completion.ContinueWith(_ => child.Dispose(), TaskScheduler.Default);
            var error = EngineErrors.SessionClosed();
            keyStart?.TrySetException(error);
            throw error;
        }

        keyStart?.TrySetResult(process);
        WatchDeadline(process);
        if (logger.IsEnabled(LogLevel.Information))
        {
            // Where the exit is seen, not as a thread-pool work item of its own: a pool thread woken for
            // it spun on the second core while the next child started. Observed first, so the entry is
            // in the session log before any waiter resumes.
            process.WhenCompleted(p => this.logger.LogInformation("Agent process {Id} ({Name}) exited with code {ExitCode}{Signal}", p.Id, p.Name, p.ExitCode, p.Signal is { } s ? " (" + s + ")" : string.Empty));
        }

        logger.LogInformation("Started agent process {Id} ({Name}), pid {Pid}", process.Id, name, process.ProcessId);
        return new ProcessStartOutcome(process);
    }

    // Caller holds the lock.
    private void ReleaseKeyLocked(string? key, TaskCompletionSource<AgentProcess>? keyStart)
    {
        if (key != null && keyStart != null && startingKeys.TryGetValue(key, out var mine) && mine == keyStart)
        {
            startingKeys.Remove(key);
        }
    }

    public AgentProcess Get(int id) => TryGet(id, out var process) ? process : throw EngineErrors.ProcessNotFound(id);

    public bool TryGet(int id, out AgentProcess process)
    {
        bool found;
        List<AgentProcess> pruned;
        lock (gate)
        {
            pruned = PruneLocked();
            found = processes.TryGetValue(id, out process!);
        }

        LogForgotten(pruned);
        return found;
    }

    public AgentProcess Get(Guid instanceId) =>
        List().FirstOrDefault(p => p.InstanceId == instanceId) ?? throw EngineErrors.ProcessNotFound(instanceId);

    /// <summary>A snapshot of the session's processes: running first, then newest first.</summary>
    public IReadOnlyList<AgentProcess> List()
    {
        SweepReleased();
        AgentProcess[] all;
        List<AgentProcess> pruned;
        lock (gate)
        {
            pruned = PruneLocked();
            all = processes.Values.ToArray();
        }

        LogForgotten(pruned);

        // State is read once per process: it can change while sorting.
        return all
            .Select(p => (Process: p, Running: p.State == AgentProcessState.Running))
            .OrderByDescending(x => x.Running)
            .ThenByDescending(x => x.Process.Id)
            .Select(x => x.Process)
            .ToArray();
    }

    /// <summary>Sends <paramref name="signal"/> to the process's whole group.</summary>
    public void Signal(AgentProcess process, ProcessSignal signal, ILogTarget? logTarget = null)
    {
        var logger = this.logger.RoutedTo(logTarget);
        // While the output drains after the shell exited, children left in the group may still run
        // and hold the pipe: the signal still goes to the group, which is what ends them.
        if (process.State != AgentProcessState.Running)
        {
            throw EngineErrors.ProcessNotRunning(process, process.Id);
        }

        if (!process.Child.Signal(signal))
        {
            // Nothing was left to signal: the process exited between the check and the signal.
            if (!process.Child.GroupIsAlive || process.Child.Exited.Wait(TimeSpan.FromSeconds(1)))
            {
                throw EngineErrors.ProcessNotRunning(process, process.Id);
            }

            throw EngineErrors.SignalFailed(process, process.Id, signal.ToString(), "the operating system refused it.");
        }

        logger.LogInformation("Sent {Signal} to agent process {Id} ({Name})", signal, process.Id, process.Name);
    }

    /// <summary>
    /// Stops a process with the session's stop policy, as Stop-Job does: terminate its group, give it
    /// the grace period, kill what is left, and wait for the exit.
    /// </summary>
    public Task StopAsync(AgentProcess process, CancellationToken cancellationToken) =>
        StopAndWaitAsync(new[] { process.Child }, Options.CloseGracePeriod, cancellationToken);

    /// <summary>
    /// Forgets a process. A running one is refused unless <paramref name="force"/>: then it is
    /// terminated, killed after the grace period, and forgotten once it has exited.
    /// </summary>
    public async Task RemoveAsync(AgentProcess process, bool force, CancellationToken cancellationToken, ILogTarget? logTarget = null)
    {
        if (process.State == AgentProcessState.Running)
        {
            if (!force)
            {
                throw EngineErrors.ProcessStillRunning(process, process.Id);
            }

            await StopPolicy.StopAsync(new[] { process.Child }, ProcessSignal.Terminate, Options.CloseGracePeriod, time, logger.RoutedTo(logTarget), cancellationToken, _ => $"Agent process {process.Id} ({process.Name})").ConfigureAwait(false);
        }

        lock (gate)
        {
            Forget(process);
        }
    }

    /// <summary>Ends every process and refuses new ones. Safe to call more than once, and from several threads.</summary>
    public Task CloseAsync()
    {
        TaskCompletionSource<bool> done;
        ChildProcess[] all;
        lock (gate)
        {
            if (closing != null)
            {
                return closing;
            }

            // The signals, the waits and the logging happen after the lock is released.
            done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            closing = done.Task;
            all = processes.Values.Select(p => p.Child).Concat(released).ToArray();
            released.Clear();
        }

        _ = CloseCoreAsync(all).ContinueWith(
            t =>
            {
                if (t.Exception is { } failure)
                {
                    done.TrySetException(failure.InnerExceptions);
                }
                else
                {
                    done.TrySetResult(true);
                }
            },
            TaskScheduler.Default);
        return done.Task;
    }

    public void Dispose() => CloseAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Disposes the released children whose groups are empty. Checked outside the lock (it reads
    /// /proc), at most once a second.
    /// </summary>
    private void SweepReleased()
    {
        ChildProcess[] candidates;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (released.Count == 0 || closing != null || (now >= lastSweep && now - lastSweep < PruneInterval))
            {
                return;
            }

            lastSweep = now;
            candidates = released.ToArray();
        }

        var over = candidates.Where(c => c.Completion.IsCompleted && !c.GroupIsAlive).ToArray();
        if (over.Length == 0)
        {
            return;
        }

        lock (gate)
        {
            if (closing != null)
            {
                return;
            }

            foreach (var child in over)
            {
                released.Remove(child);
            }
        }

        foreach (var child in over)
        {
            child.Dispose();
        }
    }

    private async Task CloseCoreAsync(ChildProcess[] all)
    {
        logger.LogInformation("Closing the process manager: ending {Count} process group(s)", all.Count(c => !c.Completion.IsCompleted || c.GroupIsAlive));
        await StopAndWaitAsync(all, Options.CloseGracePeriod, CancellationToken.None).ConfigureAwait(false);
        foreach (var child in all)
        {
            child.Dispose();
        }
    }

    /// <summary>
    /// Terminate, give the grace period, then kill. Exited processes are included: a background
    /// child they left in their group would otherwise outlive them.
    /// </summary>
    private Task StopAndWaitAsync(IReadOnlyCollection<ChildProcess> targets, TimeSpan grace, CancellationToken cancellationToken) =>
        StopPolicy.StopAsync(targets, ProcessSignal.Terminate, grace, time, logger, cancellationToken);

    private void WatchDeadline(AgentProcess process)
    {
        if (process.Timeout is not { } timeout)
        {
            return;
        }

        ITimer? timer = null;
        timer = time.CreateTimer(
            _ =>
            {
                if (process.State == AgentProcessState.Running && !process.Child.Exited.IsCompleted)
                {
                    // The same policy as a script's timeout: the chosen signal, the grace period, then SIGKILL.
                    process.MarkTimedOut();
                    var signal = process.TimeoutSignal;
                    logger.LogWarning("Agent process {Id} ({Name}) passed its {Timeout} deadline; sending {Signal} to its group", process.Id, process.Name, timeout, SignalNames.Display(signal));
                    _ = StopPolicy.StopAsync(new[] { process.Child }, signal, Options.CloseGracePeriod, time, logger, describe: _ => $"Agent process {process.Id} ({process.Name})");
                }
            },
            null,
            timeout,
            Timeout.InfiniteTimeSpan);
        process.WhenCompleted(_ => timer.Dispose());
    }

    /// <summary>Forgets the processes past their retention; returns them, to be logged once the lock is released.</summary>
    private List<AgentProcess> PruneLocked()
    {
        var expired = new List<AgentProcess>();

        // Every start, get and list prunes; a scan of all processes each time is wasted work when
        // retention is minutes. Once per second of the manager's clock is exact enough.
        var now = time.GetUtcNow();
        if (now >= lastPrune && now - lastPrune < PruneInterval)
        {
            return expired;
        }

        lastPrune = now;
        var cutoff = now - Options.Retention;
        foreach (var process in processes.Values)
        {
            if (process.ExitedAt is { } exitedAt && exitedAt < cutoff)
            {
                expired.Add(process);
            }
        }

        foreach (var process in expired)
        {
            Forget(process);
        }

        return expired;
    }

    private void LogForgotten(List<AgentProcess> forgotten)
    {
        foreach (var process in forgotten)
        {
            logger.LogDebug("Forgot agent process {Id}: exited more than {Retention} ago", process.Id, Options.Retention);
        }
    }

    // Caller holds the lock.
    private void Remember(AgentProcess process)
    {
        var now = time.GetUtcNow();
        var key = process.IdempotencyKey!;
        if (receipts.TryGetValue(key, out var old))
        {
            receiptOrder.Remove(old);
        }

        receipts[key] = receiptOrder.AddLast(new AgentProcessReceipt(process, now, now + Options.IdempotencyRetention));
        while (receiptOrder.Count > Options.MaxIdempotencyReceipts)
        {
            receipts.Remove(receiptOrder.First!.Value.IdempotencyKey);
            receiptOrder.RemoveFirst();
        }
    }

    // Caller holds the lock. Expired receipts are dropped on the way (they are in forgetting order).
    private AgentProcessReceipt? TryRecallLocked(string key)
    {
        var now = time.GetUtcNow();
        while (receiptOrder.First is { } oldest && oldest.Value.RememberedUntil <= now)
        {
            receipts.Remove(oldest.Value.IdempotencyKey);
            receiptOrder.RemoveFirst();
        }

        return receipts.TryGetValue(key, out var node) ? node.Value : null;
    }

    private void Forget(AgentProcess process)
    {
        if (processes.Remove(process.Id))
        {
            released.Add(process.Child);
        }

        if (process.IdempotencyKey is { } key && byIdempotencyKey.TryGetValue(key, out var holder) && holder == process)
        {
            byIdempotencyKey.Remove(key);
            Remember(process);
        }
    }

    private string ResolveWorkingDirectory(ProcessStartRequest request)
    {
        var caller = request.CallerDirectory ?? Directory.GetCurrentDirectory();
        var chosen = request.WorkingDirectory ?? defaultWorkingDirectory ?? caller;
        var full = Path.GetFullPath(Path.IsPathRooted(chosen) ? chosen : Path.Combine(caller, chosen));
        return Directory.Exists(full) ? full : throw EngineErrors.WorkingDirectoryNotFound(full);
    }

    private static string DeriveName(string command)
    {
        var trimmed = command.Trim();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        var first = trimmed.Substring(0, end);
        var slash = first.LastIndexOfAny(new[] { '/', '\\' });
        return slash >= 0 && slash < first.Length - 1 ? first.Substring(slash + 1) : first;
    }

    private static string Fingerprint(ProcessStartRequest request, string workingDirectory, string name)
    {
        var builder = new StringBuilder()
            .Append(request.Command).Append('\0')
            .Append(workingDirectory).Append('\0')
            .Append(name).Append('\0')
            .Append(request.Shell).Append('\0')
            .Append(request.Background).Append('\0')
            .Append(request.Timeout?.Ticks).Append('\0')
            .Append(request.TimeoutSignal).Append('\0')
            .Append(request.ArgumentList is null ? "\u0001" : string.Join("\0", request.ArgumentList)).Append('\0');
        if (request.Environment != null)
        {
            foreach (var pair in request.Environment.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                builder.Append(pair.Key).Append('=').Append(pair.Value ?? "\u0001").Append('\0');
            }
        }

        return builder.ToString();
    }
}
