using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace AgentProc.Platform;

/// <summary>
/// The one thread that reads the pipes of every quiet child (<see cref="UnixPipeReader"/>) and sees
/// every spawned child exit (<see cref="ExitWatch"/>): a poll(2) over all their descriptors and its own
/// self-pipe, then a read of each ready pipe into one shared buffer, and the callback of each pidfd that
/// turned readable. A quiet child so costs no thread, no buffer and no extra descriptor but its pidfd.
/// </summary>
/// <remarks>
/// The output sinks run on this thread, one after another, so a sink must be quick (they are: a memory
/// copy, a log-file append, a line queued). A child that writes fast moves to a thread of its own.
/// </remarks>
internal sealed class UnixPipePoller
{
    private const int StackBytes = 256 * 1024;

    private static readonly object CreateGate = new();
    private static readonly byte[] WakeByte = { 1 };
    private static UnixPipePoller? shared;

    private readonly int wakeRead;
    private readonly int wakeWrite;
    private readonly object gate = new();
    private readonly List<UnixPipeReader> incoming = new();
    private readonly List<ExitWatch> incomingWatches = new();
    private int wakePending;

    // Touched only by the poller thread.
    private readonly List<UnixPipeReader> readers = new();
    private readonly List<ExitWatch> watches = new();
    private readonly byte[] buffer = new byte[UnixPipeReader.BufferBytes];
    private UnixPipeNative.PollFd[] fds = new UnixPipeNative.PollFd[16];
    private (UnixPipeReader Reader, int Pipe)[] owners = new (UnixPipeReader, int)[16];
    private ExitWatch?[] watchOwners = new ExitWatch?[16];

    private UnixPipePoller(int wakeRead, int wakeWrite)
    {
        this.wakeRead = wakeRead;
        this.wakeWrite = wakeWrite;
    }

    /// <summary>The process's poller, started on first use; null when the OS refused its pipe or thread.</summary>
    public static UnixPipePoller? Shared
    {
        get
        {
            lock (CreateGate)
            {
                return shared ??= TryCreate();
            }
        }
    }

    /// <summary>Hands a reader to the poller (a new one, or one back from its own thread).</summary>
    public void Add(UnixPipeReader reader) => Add(reader, null);

    /// <summary>
    /// Hands a reader to the poller and, with the same wake-up, starts watching <paramref name="watch"/>
    /// (a new child's output and exit, so that a start costs the poller one wake-up, not two).
    /// </summary>
    public void Add(UnixPipeReader reader, ExitWatch? watch)
    {
        var watched = watch != null && watch.TryHold();
        lock (gate)
        {
            incoming.Add(reader);
            if (watched)
            {
                incomingWatches.Add(watch!);
            }
        }

        Wake();
    }

    /// <summary>
    /// Watches <paramref name="watch"/>'s pidfd until its process exits, then fires it. False when the
    /// pidfd was already closed.
    /// </summary>
    public bool Watch(ExitWatch watch)
    {
        if (!watch.TryHold())
        {
            return false;
        }

        lock (gate)
        {
            incomingWatches.Add(watch);
        }

        Wake();
        return true;
    }

    /// <summary>Makes the poller look at new readers and watches, and at abandoned readers.</summary>
    public void Wake()
    {
        // One byte in flight at most, so the self-pipe never fills and a write never blocks.
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            UnixPipeNative.Write(wakeWrite, WakeByte, new UIntPtr(1));
        }
    }

    private static UnixPipePoller? TryCreate()
    {
        if (!UnixPipeNative.TryCreateCloseOnExecPipe(out var wakeRead, out var wakeWrite))
        {
            return null;
        }

        var poller = new UnixPipePoller(wakeRead, wakeWrite);
        try
        {
            using (ExecutionContext.SuppressFlow())
            {
                new Thread(poller.Run, StackBytes) { IsBackground = true, Name = "agentproc-poll" }.Start();
            }

            return poller;
        }
        catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
        {
            UnixPipeNative.Close(wakeRead);
            UnixPipeNative.Close(wakeWrite);
            return null;
        }
    }

    private void Run()
    {
        var count = Rebuild();
        while (true)
        {
            var changed = false;
            try
            {
                for (var i = 0; i < count; i++)
                {
                    fds[i].Revents = 0;
                }

                if (UnixPipeNative.Poll(fds, new UIntPtr((uint)count), -1) < 0)
                {
                    // EINTR: again. Anything else (ENOMEM) should pass; do not spin meanwhile.
                    if (Marshal.GetLastWin32Error() != UnixPipeNative.EINTR)
                    {
                        Thread.Sleep(10);
                    }

                    continue;
                }

                if (fds[0].Revents != 0)
                {
                    TakeRequests();
                    changed = true;
                }

                for (var i = 1; i < count; i++)
                {
                    if (fds[i].Revents == 0)
                    {
                        continue;
                    }

                    if (watchOwners[i] is { } watch)
                    {
                        Fire(watch);
                        changed = true;
                        continue;
                    }

                    if (!owners[i].Reader.InPoller)
                    {
                        continue;
                    }

                    var reader = owners[i].Reader;
                    switch (reader.ReadPolled(owners[i].Pipe, buffer))
                    {
                        case UnixPipeReader.PollOutcome.PipesChanged:
                            changed = true;
                            break;
                        case UnixPipeReader.PollOutcome.Left:
                            Drop(reader);
                            changed = true;
                            break;
                    }
                }
            }
            catch (Exception ex)
            {
                // A bug here must not leave every reader waiting forever: fail them, and carry on for new ones.
                foreach (var reader in readers)
                {
                    reader.InPoller = false;
                    reader.Finish(ex);
                }

                readers.Clear();
                changed = true;
            }

            if (changed)
            {
                count = Rebuild();
            }
        }
    }

    // After a wake-up: take new readers in, then finish the abandoned ones (in that order, so that an
    // abandonment that raced with an Add is seen).
    private void TakeRequests()
    {
        // Drain first, then re-arm: a Wake after this point writes again; one before it has already
        // put its reader in `incoming` (or set its flag), which is read below.
        UnixPipeNative.Read(wakeRead, buffer, new UIntPtr(64));
        Volatile.Write(ref wakePending, 0);
        lock (gate)
        {
            foreach (var reader in incoming)
            {
                reader.InPoller = true;
                readers.Add(reader);
            }

            incoming.Clear();
            watches.AddRange(incomingWatches);
            incomingWatches.Clear();
        }

        for (var i = readers.Count - 1; i >= 0; i--)
        {
            var reader = readers[i];
            if (reader.AbandonRequested)
            {
                reader.InPoller = false;
                readers.RemoveAt(i);
                reader.Finish(null);
            }
        }
    }

    private void Fire(ExitWatch watch)
    {
        watches.Remove(watch);
        try
        {
            watch.Fire();
        }
        catch (Exception)
        {
            // The callback records the exit itself and guards its own failures; one that escapes
            // anyway must not fail the readers of every other child.
        }
    }

    private void Drop(UnixPipeReader reader)
    {
        reader.InPoller = false;
        readers.Remove(reader);
    }

    // The poll set: the self-pipe first, then each open pipe of each reader, then each pidfd.
    private int Rebuild()
    {
        var count = 1 + watches.Count;
        foreach (var reader in readers)
        {
            count += reader.PipeCount;
        }

        if (fds.Length < count)
        {
            var size = Math.Max(count, fds.Length * 2);
            fds = new UnixPipeNative.PollFd[size];
            owners = new (UnixPipeReader, int)[size];
            watchOwners = new ExitWatch?[size];
        }

        fds[0] = new UnixPipeNative.PollFd { Fd = wakeRead, Events = UnixPipeNative.POLLIN };
        var next = 1;
        foreach (var reader in readers)
        {
            for (var pipe = 0; pipe < reader.PipeCount; pipe++)
            {
                // A closed pipe stays as -1, which poll(2) skips.
                fds[next] = new UnixPipeNative.PollFd { Fd = reader.FdAt(pipe), Events = UnixPipeNative.POLLIN };
                owners[next] = (reader, pipe);
                watchOwners[next] = null;
                next++;
            }
        }

        foreach (var watch in watches)
        {
            fds[next] = new UnixPipeNative.PollFd { Fd = watch.Fd, Events = UnixPipeNative.POLLIN };
            owners[next] = default;
            watchOwners[next] = watch;
            next++;
        }

        // Let go of readers and watches that left, for the collector.
        Array.Clear(owners, next, owners.Length - next);
        Array.Clear(watchOwners, next, watchOwners.Length - next);
        return next;
    }
}
