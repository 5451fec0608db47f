using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Platform;
using Microsoft.Extensions.Logging;

namespace AgentProc.Processes;

/// <summary>
/// Launches one child through the platform shell and supervises it to its end: reads the output pipes
/// into a sink, notices the exit, drains for a bounded delay, and reports how it ended.
/// </summary>
/// <remarks>
/// <para>The exit comes from the process, never from its pipes closing (the platform watches it: a
/// pidfd in the poll(2) loop on Linux, a wait on the process handle on Windows, <c>Process.Exited</c>
/// elsewhere), so a grandchild that inherited
/// stdout cannot hang a wait. After the exit the readers get <see cref="ChildStartInfo.DrainDelay"/> to
/// reach end-of-file before they are abandoned, as Go's <c>exec.Cmd.WaitDelay</c> does.</para>
/// <para><see cref="Completion"/> completes only after the last byte was handed to the sink, so a
/// reader who sees the exit sees all of the output; <see cref="Exited"/> completes at the exit.</para>
/// </remarks>
internal sealed class ChildProcess : IDisposable
{
    // After the drain delay the reads are cancelled; this bounds the wait for them to notice.
    private static readonly TimeSpan AbandonWait = TimeSpan.FromSeconds(2);

    private readonly IStartedProcess started;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TimeSpan drainDelay;
    private readonly CancellationTokenSource readCancel = new();
    private readonly Outcome<ChildExit> completion = new();
    private Task readers = Task.CompletedTask;
    private int disposed;
    private int untracked;

    private ChildProcess(IStartedProcess started, TimeProvider time, ILogger logger, TimeSpan drainDelay)
    {
        this.started = started;
        this.time = time;
        this.logger = logger;
        this.drainDelay = drainDelay;
        Pid = started.Pid;
        StartedAt = time.GetUtcNow();
    }

    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes when the process has exited and its output was drained (or abandoned).</summary>
    public Task<ChildExit> Completion => completion.Task;

    /// <summary>Completes as soon as the process itself has exited, before the drain.</summary>
    public Task Exited => started.Exit;

    /// <summary>When the exit was recorded, in <see cref="System.Diagnostics.Stopwatch"/> ticks (0 before): how long waiters took to see it is measured from here.</summary>
    public long ExitRecordedAt => started.ExitRecordedAt;

    /// <summary>Whether any process of the child's group is still alive (the child or a descendant).</summary>
    public bool GroupIsAlive
    {
        get
        {
            var alive = started.Group.IsAlive;
            if (!alive)
            {
                Untrack();
            }

            return alive;
        }
    }

    /// <summary>Starts <paramref name="info"/>'s command. Throws Win32Exception/IOException when the OS refuses.</summary>
    public static ChildProcess Start(ChildStartInfo info, IProcessPlatform platform, OutputSinks sinks, TimeProvider time, ILogger logger)
    {
        // Windows shells write in the OEM code page; the buffer reads UTF-8. A decoder per stream.
        sinks = sinks.Wrap(sink => Platform.ShellOutputEncoding.Wrap(sink, info.Shell));
        var started = platform.Start(info);
        var child = new ChildProcess(started, time, logger, info.DrainDelay);

        // Should this process die without closing its sessions, the watchdog ends the group.
        GroupWatchdog.Shared.Track(child.Pid, info.GracePeriod);

        child.readers = started.ReadOutput(sinks, child.readCancel.Token);
        started.OnExit(child.OnExit);
        logger.LogDebug("Started pid {Pid}: {Command}", child.Pid, info.Command);
        return child;
    }

    /// <summary>
    /// Calls <paramref name="observer"/> once the exit is complete (drained), on the thread that completes
    /// it (usually the output poller's), before <see cref="Completion"/> completes. Quick and non-blocking only.
    /// </summary>
    public void WhenCompleted(Action<ChildExit> observer) => completion.Observe(observer);

    /// <summary>
    /// Sends <paramref name="signal"/> to the child's whole group, then SIGCONT, so that a stopped
    /// (SIGSTOP, Ctrl+Z) group acts on it as `kill` users and supervisors expect. False when nothing
    /// is left to signal.
    /// </summary>
    public bool Signal(ProcessSignal signal)
    {
        logger.LogDebug("Sending {Signal} to the group of pid {Pid}", signal, Pid);
        var sent = started.Group.Signal(signal);
        if (sent && SignalNames.EndsProcess(signal))
        {
            started.Group.Continue();
        }

        return sent;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        readCancel.Cancel();
        Untrack();
        started.Dispose();
    }

    private void Untrack()
    {
        if (Interlocked.Exchange(ref untracked, 1) == 0)
        {
            GroupWatchdog.Shared.Untrack(Pid);
        }
    }

    // On the thread that saw the exit (the output poller, for a spawned child). The readers have
    // almost always reached end-of-file already (the poller looks at pipes before pidfds): then the exit
    // is complete here and now; otherwise the drain waits on the thread pool.
    private void OnExit(int exitCode)
    {
        var exitedAt = time.GetUtcNow();
        if (readers.IsCompleted)
        {
            Complete(exitCode, exitedAt, pipesLeftOpen: false);
        }
        else
        {
            _ = DrainAsync(exitCode, exitedAt);
        }
    }

    private async Task DrainAsync(int exitCode, DateTimeOffset exitedAt)
    {
        var pipesLeftOpen = false;
        try
        {
            // The delay's timer is cancelled when the readers finish first (the usual case), so a
            // thousand exits do not leave a thousand timers queued for the next five seconds.
            using var delayCancel = new CancellationTokenSource();
            var first = await Task.WhenAny(readers, Task.Delay(drainDelay, delayCancel.Token)).ConfigureAwait(false);
            delayCancel.Cancel();
            if (first != readers)
            {
                pipesLeftOpen = true;
                readCancel.Cancel();
                using var abandonCancel = new CancellationTokenSource();
                await Task.WhenAny(readers, Task.Delay(AbandonWait, abandonCancel.Token)).ConfigureAwait(false);
                abandonCancel.Cancel();
                logger.LogDebug("Pid {Pid} exited but its output pipe was still held open after {Delay}; stopped reading", Pid, drainDelay);
            }
        }
        finally
        {
            Complete(exitCode, exitedAt, pipesLeftOpen);
        }
    }

    private void Complete(int exitCode, DateTimeOffset exitedAt, bool pipesLeftOpen)
    {
        try
        {
            // A group that is over leaves the watchdog at once: its id may be reused from now on, and the
            // watchdog must never end a stranger's group when this process dies.
            if (!started.Group.IsAlive)
            {
                Untrack();
            }

            logger.LogDebug("Pid {Pid} exited with code {ExitCode}", Pid, exitCode);
        }
        finally
        {
            completion.TrySet(new ChildExit(exitCode, exitedAt, pipesLeftOpen));
        }
    }
}
