using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Sessions;

namespace AgentProc.Hosting;

/// <summary>
/// Work that background threads hand to the pipeline thread: log entries and observer callbacks.
/// PowerShell's Write* methods may be called only on the pipeline thread, so reader threads and
/// timers post here, and the cmdlet drains the queue in ProcessRecord/EndProcessing and while waiting.
/// </summary>
/// <remarks>
/// A monitor and a plain queue rather than a BlockingCollection: a wait that must end because the
/// awaited task completed is woken by a pulse (<see cref="Wake"/>), not by cancelling a token, which
/// made every wake-up an OperationCanceledException thrown and caught on the pipeline thread (tens of
/// microseconds of every -Wait).
/// </remarks>
internal sealed class PipelineQueue : ILogTarget
{
    private readonly object gate = new();
    private readonly Queue<Action<AgentCmdlet>> items = new();
    private volatile bool open = true;

    // Under `gate`: takers inside Monitor.Wait.
    private int waiting;

    public bool IsOpen => open;

    public void Post(Action<AgentCmdlet> action)
    {
        lock (gate)
        {
            if (!open)
            {
                // The command has ended: nothing will write it.
                return;
            }

            items.Enqueue(action);
            Monitor.PulseAll(gate);
        }
    }

    public void Post(AgentSessionLogEntry entry) => Post(cmdlet => cmdlet.WriteLogEntry(entry));

    /// <summary>Ends a <see cref="TryTake"/> waiting on a task that has just completed.</summary>
    /// <summary>How many takers are waiting now (for tests).</summary>
    internal int WaitingCount
    {
        get
        {
            lock (gate)
            {
                return waiting;
            }
        }
    }

    public void Wake()
    {
        lock (gate)
        {
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>
    /// Takes the next item, waiting up to <paramref name="wait"/>; the wait ends early, with false,
    /// once <paramref name="until"/> has completed (its completion calls <see cref="Wake"/>) or the
    /// queue is closed.
    /// </summary>
    public bool TryTake(out Action<AgentCmdlet>? action, TimeSpan wait, Task? until = null)
    {
        var started = wait > TimeSpan.Zero ? Environment.TickCount : 0;
        lock (gate)
        {
            while (items.Count == 0)
            {
                var left = wait > TimeSpan.Zero ? (int)wait.TotalMilliseconds - unchecked(Environment.TickCount - started) : 0;
                if (!open || left <= 0 || until is { IsCompleted: true })
                {
                    action = null;
                    return false;
                }

                // Under the lock from the check to the wait: a Wake or Post in between cannot be missed.
                waiting++;
                try
                {
                    Monitor.Wait(gate, left);
                }
                finally
                {
                    waiting--;
                }
            }

            action = items.Dequeue();
            return true;
        }
    }

    public void Close()
    {
        lock (gate)
        {
            open = false;
            Monitor.PulseAll(gate);
        }
    }
}

internal static class LogLevels
{
    /// <summary>Information and below go to Verbose/Debug; Warning and above to Warning (errors are ErrorRecords already).</summary>
    public static bool IsWarning(AgentLogLevel level) => level >= AgentLogLevel.Warning;

    public static bool IsDebug(AgentLogLevel level) => level <= AgentLogLevel.Debug;
}
