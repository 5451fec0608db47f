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

        lock (gate)
        {
            // Under the lock, so that close cannot miss a process that is being started.
            if (closing != null)
            {
                throw EngineErrors.SessionClosed();
            }

            PruneLocked();
            if (request.IdempotencyKey is { } key && byIdempotencyKey.TryGetValue(key, out var existing))
            {
                if (existing.Fingerprint == fingerprint)
                {
                    logger.LogDebug("Idempotency key {Key} returns agent process {Id}", key, existing.Id);
                    return existing;
                }

                throw EngineErrors.IdempotencyConflict(key, existing.Id);
            }

            var buffer = new HeadTailBuffer(Options.HeadBytes, Options.TailBytes, Options.MaxLineLength);
            var window = new OutputWindow(OutputWindow.DefaultCapacity, Options.MaxLineLength);
            ChildProcess child;
            try
            {
                child = ChildProcess.Start(info, platform, new OutputTee(buffer, window), time, logger);
            }
            catch (Exception ex) when (ex is not AgentProcException)
            {
                throw EngineErrors.StartFailed(request.Command, ex);
            }

            var process = new AgentProcess(++lastId, name, request, info, child, buffer, window, time, fingerprint);
            processes.Add(process.Id, process);
            if (request.IdempotencyKey is { } newKey)
            {
                byIdempotencyKey[newKey] = process;
            }

            WatchDeadline(process);
            if (logger.IsEnabled(LogLevel.Information))
            {
                // Only when someone listens: otherwise it is a thread-pool work item per exit for nothing.
                _ = process.Completion.ContinueWith(
                    t => logger.LogInformation("Agent process {Id} ({Name}) exited with code {ExitCode}{Signal}", t.Result.Id, t.Result.Name, t.Result.ExitCode, t.Result.Signal is { } s ? " (" + s + ")" : string.Empty),
                    TaskScheduler.Default);
            }

            logger.LogInformation("Started agent process {Id} ({Name}), pid {Pid}", process.Id, name, process.ProcessId);
            return process;
        }
    }

    public AgentProcess Get(int id) => TryGet(id, out var process) ? process : throw EngineErrors.ProcessNotFound(id);

    public bool TryGet(int id, out AgentProcess process)
    {
        lock (gate)
        {
            PruneLocked();
            return processes.TryGetValue(id, out process!);
        }
    }

    public AgentProcess Get(Guid instanceId) =>
        List().FirstOrDefault(p => p.InstanceId == instanceId) ?? throw EngineErrors.ProcessNotFound(instanceId);

    /// <summary>A snapshot of the session's processes: running first, then newest first.</summary>
    public IReadOnlyList<AgentProcess> List()
    {
        SweepReleased();
        AgentProcess[] all;
        lock (gate)
        {
            PruneLocked();
            all = processes.Values.ToArray();
        }

        // State is read once per process: it can change while sorting.
        return all
            .Select(p => (Process: p, Running: p.State == AgentProcessState.Running))
            .OrderByDescending(x => x.Running)
            .ThenByDescending(x => x.Process.Id)
            .Select(x => x.Process)
            .ToArray();
    }

    /// <summary>Sends <paramref name="signal"/> to the process's whole group.</summary>
    public void Signal(AgentProcess process, ProcessSignal signal)
    {
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
    public async Task RemoveAsync(AgentProcess process, bool force, CancellationToken cancellationToken)
    {
        if (process.State == AgentProcessState.Running)
        {
            if (!force)
            {
                throw EngineErrors.ProcessStillRunning(process, process.Id);
            }

            await StopAndWaitAsync(new[] { process.Child }, Options.CloseGracePeriod, cancellationToken).ConfigureAwait(false);
        }

        lock (gate)
        {
            Forget(process);
        }
    }

    /// <summary>Ends every process and refuses new ones. Safe to call more than once, and from several threads.</summary>
    public Task CloseAsync()
    {
        lock (gate)
        {
            closing ??= CloseCoreAsync(processes.Values.Select(p => p.Child).Concat(released).ToArray());
            released.Clear();
            return closing;
        }
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
    private async Task StopAndWaitAsync(IReadOnlyCollection<ChildProcess> targets, TimeSpan grace, CancellationToken cancellationToken)
    {
        foreach (var child in targets)
        {
            child.Signal(ProcessSignal.Terminate);
        }

        // Real time, not the TimeProvider: a close must end even under a test's stopped clock.
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (elapsed.Elapsed < grace && targets.Any(c => !c.Completion.IsCompleted || c.GroupIsAlive))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        foreach (var child in targets)
        {
            if (!child.Completion.IsCompleted || child.GroupIsAlive)
            {
                logger.LogWarning("The process group {Pid} outlived the {Grace} grace period; killing it", child.Pid, grace);
                child.Signal(ProcessSignal.Kill);
            }
        }

        await Task.WhenAll(targets.Select(c => c.Completion)).ConfigureAwait(false);
    }

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
                    process.MarkTimedOut();
                    logger.LogWarning("Agent process {Id} ({Name}) passed its {Timeout} deadline; killing its group", process.Id, process.Name, timeout);
                    process.Child.Signal(ProcessSignal.Kill);
                }
            },
            null,
            timeout,
            Timeout.InfiniteTimeSpan);
        _ = process.Completion.ContinueWith(_ => timer.Dispose(), TaskScheduler.Default);
    }

    private void PruneLocked()
    {
        // Every start, get and list prunes; a scan of all processes each time is wasted work when
        // retention is minutes. Once per second of the manager's clock is exact enough.
        var now = time.GetUtcNow();
        if (now >= lastPrune && now - lastPrune < PruneInterval)
        {
            return;
        }

        lastPrune = now;
        var cutoff = now - Options.Retention;
        List<AgentProcess>? expired = null;
        foreach (var process in processes.Values)
        {
            if (process.ExitedAt is { } exitedAt && exitedAt < cutoff)
            {
                (expired ??= new List<AgentProcess>()).Add(process);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var process in expired)
        {
            logger.LogDebug("Forgetting agent process {Id}: exited more than {Retention} ago", process.Id, Options.Retention);
            Forget(process);
        }
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
