using System;
using System.Text.RegularExpressions;
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
    private readonly OutputWindow window;
    private readonly TimeProvider time;
    private readonly Outcome<AgentProcess> completion = new();
    // Written once by the completion observer, read by any thread: volatile publishes it whole.
    private volatile ChildExit? exit;
    private int timedOut;

    internal AgentProcess(int id, string name, ProcessStartRequest request, ChildStartInfo info, ChildProcess child, HeadTailBuffer output, OutputWindow window, TimeProvider time, string fingerprint)
    {
        Id = id;
        Name = name;
        Command = info.Arguments is { } arguments ? ProgramCommandLine.Display(info.Command, arguments) : request.Command;
        FilePath = info.Arguments is null ? null : info.Command;
        ArgumentList = info.Arguments is null ? null : System.Linq.Enumerable.ToArray(info.Arguments);
        WorkingDirectory = info.WorkingDirectory;
        Shell = info.Shell;
        Background = request.Background;
        IdempotencyKey = request.IdempotencyKey;
        Timeout = request.Timeout;
        TimeoutSignal = request.TimeoutSignal;
        Fingerprint = fingerprint;
        this.child = child;
        this.output = output;
        this.window = window;
        this.time = time;
        StartedAt = child.StartedAt;

        // Last: it runs at once when the child is already complete.
        child.WhenCompleted(childExit =>
        {
            exit = childExit;
            // After the exit is published: a follower that sees the end of the output sees the exit code.
            window.Complete();
            completion.TrySet(this);
        });
    }

    /// <summary>A small number, unique in the session (like a job's Id).</summary>
    public int Id { get; }

    /// <summary>Unique everywhere.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    public string Name { get; }

    /// <summary>The shell command line, or for a program started without a shell, the program and its arguments as a shell would show them.</summary>
    public string Command { get; }

    /// <summary>The program started without a shell (Start-AgentProcess -FilePath), as found; null for a shell command.</summary>
    public string? FilePath { get; }

    /// <summary>The program's arguments, as passed; null for a shell command.</summary>
    public string[]? ArgumentList { get; }

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
    internal Task<AgentProcess> Completion => completion.Task;

    internal string Fingerprint { get; }

    internal ChildProcess Child => child;

    /// <summary>The recent output, read by cursor: what followers, jobs and readiness waits read.</summary>
    internal OutputWindow Window => window;

    /// <summary>The output as it stands now. After <see cref="State"/> reads Exited, it holds all of it.</summary>
    public AgentProcessOutput ReadOutput()
    {
        // Read the state first: if it says Exited, every byte was written to the buffer before.
        var state = State;
        var exitCode = ExitCode;
        return new AgentProcessOutput(this, state, exitCode, output.Snapshot());
    }

    /// <summary>
    /// The output written after <paramref name="cursor"/> (a byte offset; 0 is the start), as far as the
    /// recent-output window still holds it, with the cursor to read from next.
    /// </summary>
    public AgentProcessOutputChunk ReadOutput(long cursor)
    {
        if (cursor < 0)
        {
            throw Errors.EngineErrors.InvalidCursor(cursor, window.TotalBytes);
        }

        // Read the state first: if it says Exited, the window already holds every byte.
        var state = State;
        var exitCode = ExitCode;
        try
        {
            return new AgentProcessOutputChunk(this, state, exitCode, window.ReadText(cursor));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Errors.EngineErrors.InvalidCursor(cursor, window.TotalBytes);
        }
    }

    /// <summary>A reader that follows the output line by line from <paramref name="cursor"/> (0: from the oldest byte still held).</summary>
    internal OutputLineReader FollowOutput(long cursor)
    {
        var written = window.TotalBytes;
        if (cursor < 0 || cursor > written)
        {
            throw Errors.EngineErrors.InvalidCursor(cursor, written);
        }

        return new OutputLineReader(window, cursor);
    }

    /// <summary>
    /// Waits until a line of the output matches <paramref name="pattern"/> (the line in progress counts,
    /// so a prompt without a newline matches too), searching the output still in the window first.
    /// Throws when the process exits first or <paramref name="timeout"/> passes, with the output's last lines.
    /// </summary>
    public Task<AgentProcessOutputMatch> WaitForOutputAsync(Regex pattern, TimeSpan? timeout, CancellationToken cancellationToken) =>
        OutputMatchWait.RunAsync(this, pattern, timeout, cancellationToken);

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


    /// <summary>
    /// For a caller that waits on a thread of its own and only needs waking (the -Wait of a cmdlet): true
    /// at the exit, false once <paramref name="cancellationToken"/> is cancelled. The task's continuations
    /// run on the thread that completes the exit (the output poller's), so only a quick, non-blocking
    /// one may be attached, such as a wake-up of the waiting thread: the exit then reaches the waiter
    /// without a thread-pool work item on the way.
    /// </summary>
    internal Task<bool> WakeOnExit(CancellationToken cancellationToken)
    {
        if (State == AgentProcessState.Exited)
        {
            return Task.FromResult(true);
        }

        // Continuations inline on purpose (see above).
        var woken = new TaskCompletionSource<bool>();
        var cancelled = cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), woken);
        WhenCompleted(_ =>
        {
            cancelled.Dispose();
            woken.TrySetResult(true);
        });
        return woken.Task;
    }

    /// <summary>
    /// Calls <paramref name="observer"/> once this object reports Exited, on the thread that completes the
    /// exit, before <see cref="Completion"/> completes (at once when it already has). Quick and non-blocking only.
    /// </summary>
    internal void WhenCompleted(Action<AgentProcess> observer) => completion.Observe(observer);

    public override string ToString() => $"{Id}: {Name} ({State})";

    /// <summary>How the process ended, in words for a message: "exited with code 2", "was ended by SIGTERM (exit code 143)".</summary>
    internal string DescribeExit()
    {
        var code = ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        if (TimedOut)
        {
            return "passed its deadline and was killed (exit code " + code + ")";
        }

        return Signal is { } signal
            ? "was ended by " + signal + " (exit code " + code + ")"
            : "exited with code " + code;
    }

    internal void MarkTimedOut() => Interlocked.Exchange(ref timedOut, 1);
}
