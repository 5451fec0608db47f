using System;
using System.Collections.Generic;
using System.Threading;

namespace AgentProc.Platform;

/// <summary>
/// The threads a loud child's <see cref="UnixPipeReader"/> runs on, and each Windows child's
/// <see cref="WindowsPipeReader"/> (whose anonymous pipe can only be read blocking). A thread whose reader ended or went
/// back to the poller waits a short while for the next one instead of exiting: creating and ending a
/// thread costs ~120 µs on a small VM, and a child that is loud and quiet in turns would pay it each time.
/// </summary>
internal static class PipeReaderThreads
{
    // Resident memory does not depend on it (only touched pages count), but each loud child reserves
    // one, and the runtime's default is ~1.5 MiB. The output sink runs on this stack; the sinks here
    // (buffer, log file, line splitter) need far less.
    private const int StackBytes = 256 * 1024;

    // An idle thread holds ~28 KiB of resident memory: keep few, and not for long.
    private const int MaxIdle = 16;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private static readonly object Gate = new();
    private static readonly Queue<Action> Pending = new();
    private static int idle;
    private static long created;

    /// <summary>Threads waiting for a reader now (for tests).</summary>
    internal static int IdleCount
    {
        get
        {
            lock (Gate)
            {
                return idle;
            }
        }
    }

    /// <summary>Threads created so far (for tests).</summary>
    internal static long CreatedCount => Interlocked.Read(ref created);

    /// <summary>Runs <paramref name="work"/> (which must not throw) on a reader thread. False when no thread could be had.</summary>
    public static bool TryRun(Action work)
    {
        lock (Gate)
        {
            // More idle threads than queued work: one of them takes it (a thread leaving on its
            // timeout checks the queue under this lock first).
            if (idle > Pending.Count)
            {
                Pending.Enqueue(work);
                Monitor.Pulse(Gate);
                return true;
            }
        }

        try
        {
            // The thread must not carry the caller's execution context (a pipeline thread's AsyncLocals).
            using (ExecutionContext.SuppressFlow())
            {
                new Thread(() => Loop(work), StackBytes) { IsBackground = true, Name = "agentproc-pipe" }.Start();
            }

            Interlocked.Increment(ref created);

            return true;
        }
        catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
        {
            return false;
        }
    }

    private static void Loop(Action work)
    {
        while (true)
        {
            work();
            lock (Gate)
            {
                if (idle >= MaxIdle)
                {
                    return;
                }

                idle++;
                while (Pending.Count == 0)
                {
                    if (!Monitor.Wait(Gate, IdleTimeout) && Pending.Count == 0)
                    {
                        idle--;
                        return;
                    }
                }

                idle--;
                work = Pending.Dequeue();
            }
        }
    }
}
