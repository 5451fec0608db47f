using System;
using System.Collections.Generic;
using System.Threading;

namespace AgentProc.Platform;

/// <summary>
/// The threads a loud child's <see cref="UnixPipeReader"/> runs on. A thread whose reader ended or went
/// back to the poller waits a short while for the next one instead of exiting: creating and ending a
/// thread costs ~120 µs on a small VM, and a child that is loud and quiet in turns would pay it each time.
/// </summary>
internal static class PipeReaderThreads
{
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

        if (!BackgroundThreads.TryStart(() => Loop(work), "agentproc-pipe"))
        {
            return false;
        }

        Interlocked.Increment(ref created);
        return true;
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
