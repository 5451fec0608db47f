using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Platform;

namespace AgentProc.Processes;

/// <summary>
/// A process started by the session: the object Start-AgentProcess returns and the pipeline carries.
/// It is live: <see cref="State"/>, <see cref="ExitCode"/> and <see cref="Duration"/> read the
/// current truth each time, as a job object does.
/// </summary>
public sealed class AgentProcess
{
    private readonly ChildProcess child;
    private readonly HeadTailBuffer output;
    private readonly TimeProvider time;
    // Written once by the completion continuation, read by any thread: volatile publishes it whole.
    private volatile ChildExit? exit;
    private int timedOut;

    internal AgentProcess(int id, string name, ProcessStartRequest request, ChildStartInfo info, ChildProcess child, HeadTailBuffer output, TimeProvider time, string fingerprint)
    {
        Id = id;
        Name = name;
        Command = request.Command;
        WorkingDirectory = info.WorkingDirectory;
        Shell = info.Shell;
        Background = request.Background;
        IdempotencyKey = request.IdempotencyKey;
        Timeout = request.Timeout;
        TimeoutSignal = request.TimeoutSignal;
        Fingerprint = fingerprint;
        this.child = child;
        this.output = output;
        this.time = time;
        StartedAt = child.StartedAt;
        Completion = child.Completion.ContinueWith(
            t =>
            {
                exit = t.Result;
                return this;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>A small number, unique in the session (like a job's Id).</summary>
    public int Id { get; }

    /// <summary>Unique everywhere.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    public string Name { get; }

    public string Command { get; }

    public string WorkingDirectory { get; }

    public ShellKind Shell { get; }

    /// <summary>A flag kept for callers that poll; it changes nothing about how the process runs.</summary>
    public bool Background { get; }

    public string? IdempotencyKey { get; }

    /// <summary>The deadline after the start, if one was set.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>The signal the group gets first when the deadline passes.</summary>
    public ProcessSignal TimeoutSignal { get; }

    /// <summary>The operating-system process id of the shell (also its process group id on Unix).</summary>
    public int ProcessId => child.Pid;

    public AgentProcessState State => exit is null ? AgentProcessState.Running : AgentProcessState.Exited;

    /// <summary>The exit code once exited: 128+N when killed by signal N, -1 when unreadable.</summary>
    public int? ExitCode => exit?.ExitCode;

    /// <summary>The signal that ended the process (<c>SIGKILL</c>...), read from an exit code of 128+N.</summary>
    public string? Signal => exit?.SignalName;

    /// <summary>True when the deadline passed and the process group was killed.</summary>
    public bool TimedOut => Volatile.Read(ref timedOut) != 0;

    /// <summary>True when a descendant still held the output pipe after the drain delay.</summary>
    public bool PipesLeftOpen => exit?.PipesLeftOpen ?? false;

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? ExitedAt => exit?.ExitedAt;

    public TimeSpan Duration => (exit?.ExitedAt ?? time.GetUtcNow()) - StartedAt;

    /// <summary>Bytes of output written so far (all of them, not only those kept).</summary>
    public long OutputBytes => output.TotalBytes;

    /// <summary>Completes with this object once it reports <see cref="AgentProcessState.Exited"/>.</summary>
    internal Task<AgentProcess> Completion { get; }

    internal string Fingerprint { get; }

    internal ChildProcess Child => child;

    /// <summary>The output as it stands now. After <see cref="State"/> reads Exited, it holds all of it.</summary>
    public AgentProcessOutput ReadOutput()
    {
        // Read the state first: if it says Exited, every byte was written to the buffer before.
        var state = State;
        var exitCode = ExitCode;
        return new AgentProcessOutput(this, state, exitCode, output.Snapshot());
    }

    /// <summary>Waits until exited, the timeout passes (null: no limit), or the token is cancelled. True when exited.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (Completion.IsCompleted)
        {
            return true;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A wait longer than a timer can hold is a wait without limit (Task.Delay refuses it).
        var limit = timeout is { } t && t <= SettingLimits.MaxTimeout ? t : System.Threading.Timeout.InfiniteTimeSpan;
        var delay = Task.Delay(limit, linked.Token);
        var first = await Task.WhenAny(Completion, delay).ConfigureAwait(false);
        linked.Cancel();
        return first == Completion;
    }

    /// <summary>Reads the output, after waiting for the exit first when <paramref name="wait"/> is set.</summary>
    public async Task<AgentProcessOutput> ReadOutputAsync(bool wait, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (wait)
        {
            await WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }

        return ReadOutput();
    }

    public override string ToString() => $"{Id}: {Name} ({State})";

    internal void MarkTimedOut() => Interlocked.Exchange(ref timedOut, 1);
}
