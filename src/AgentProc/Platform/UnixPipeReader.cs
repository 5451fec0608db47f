using System;
using System.Buffers;
using System.IO;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;

namespace AgentProc.Platform;

/// <summary>
/// Reads one child's output pipes with poll(2) and read(2), on Unix: on the shared
/// <see cref="UnixPipePoller"/> thread while the child is quiet, on a thread of its own while it is loud.
/// </summary>
/// <remarks>
/// <para>Why not <c>Stream.ReadAsync</c>: on Unix every asynchronous pipe read that has to wait goes
/// through .NET's socket engine (epoll thread, a thread-pool work item, a worker that spins looking for
/// more work), and a child that writes 4 KiB at a time makes nearly every read wait: capturing 1 GiB
/// cost 1.7x a <c>cat</c> of the same pipe (bench/RESULTS.md, item 3).</para>
/// <para>Why not a thread per child: a thousand quiet children would hold a thousand threads, ~28 KiB
/// of resident memory each, and every garbage collection visits every thread (a gen0 collection took
/// 4 ms instead of 0.08 ms with 1,000 of them). So quiet children share one polling thread, and a child
/// that writes more than <see cref="LoudBytesPerSecond"/> gets a thread until it has been quiet for a
/// second: a shared poll over many descriptors would make each of its reads slow.</para>
/// <para>Abandonment (a grandchild holds the pipe open): <see cref="Abandon"/> wakes whichever thread
/// reads, which closes the pipes. The poller has one self-pipe for all; a reader on its own thread gets a
/// self-pipe (<c>pipe(2)</c>, which macOS has too) for as long as it is there.</para>
/// </remarks>
internal sealed class UnixPipeReader
{
    /// <summary>The read buffer's size, on the poller and on a reader's own thread.</summary>
    internal const int BufferBytes = 64 * 1024;

    private const long LoudBytesPerSecond = 256 * 1024;
    private const int QuietMilliseconds = 1000;

    // Lock-based, without per-thread caches: a buffer returned on one reader thread serves the next,
    // which ArrayPool.Shared (whose first level is per thread) would keep with the returning thread.
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(BufferBytes, 16);
    private static readonly byte[] WakeByte = { 1 };

    private readonly Pipe[] pipes;
    private readonly UnixPipePoller poller;
    private readonly TaskCompletionSource<bool> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object gate = new();
    private CancellationTokenRegistration registration;

    // Under `gate`: which thread owns the reader, whether it should stop, its own self-pipe.
    private ReaderState state = ReaderState.Polled;
    private bool abandonRequested;
    private int wakeRead = -1;
    private int wakeWrite = -1;

    // Touched only by the thread that owns the reader.
    private int windowStart = Environment.TickCount;
    private long windowBytes;

    private UnixPipeReader(Pipe[] pipes, UnixPipePoller poller)
    {
        this.pipes = pipes;
        this.poller = poller;
    }

    private enum ReaderState
    {
        Polled,
        OwnThread,
        Done,
    }

    /// <summary>
    /// Starts reading each of <paramref name="streams"/> into the sink at the same index of
    /// <paramref name="sinks"/> until each reaches end-of-file or <paramref name="abandon"/> is cancelled;
    /// the task completes after the last write to a sink, with the pipes closed. Null when this reader
    /// cannot serve (Windows, a stream that is not a pipe, or the OS refused the poller's pipe or
    /// thread): the caller reads them itself.
    /// </summary>
    public static Task? TryStart(Stream[] streams, IOutputSink[] sinks, CancellationToken abandon)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return null;
        }

        var pipes = new Pipe[streams.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            if (streams[i] is not PipeStream stream || Pipe.FromStream(stream, sinks[i]) is not { } pipe)
            {
                return null;
            }

            pipes[i] = pipe;
        }

        return TryStart(pipes, abandon);
    }

    /// <summary>
    /// As above, for pipe read ends the caller created itself; the reader owns them from here on and
    /// closes them when it finishes. The poller starts watching <paramref name="exit"/> (the same
    /// child's pidfd) with the same wake-up. Null (with the handles left to the caller, and the exit not
    /// watched) when it cannot serve.
    /// </summary>
    public static Task? TryStart(SafeHandle[] readEnds, IOutputSink[] sinks, CancellationToken abandon, ExitWatch? exit)
    {
        var pipes = new Pipe[readEnds.Length];
        for (var i = 0; i < readEnds.Length; i++)
        {
            pipes[i] = new Pipe(readEnds[i], readEnds[i], sinks[i]);
        }

        return TryStart(pipes, abandon, exit);
    }

    private static Task? TryStart(Pipe[] pipes, CancellationToken abandon, ExitWatch? exit = null)
    {
        var poller = UnixPipePoller.Shared;
        if (poller is null)
        {
            return null;
        }

        foreach (var pipe in pipes)
        {
            if (!pipe.TryHold())
            {
                foreach (var held in pipes)
                {
                    held.Release(dispose: false);
                }

                return null;
            }
        }

        var reader = new UnixPipeReader(pipes, poller);

        // The callback must not carry the caller's execution context (a pipeline thread's
        // AsyncLocals) for the life of the process.
        using (ExecutionContext.SuppressFlow())
        {
            reader.registration = abandon.Register(static state => ((UnixPipeReader)state!).Abandon(), reader);
        }

        poller.Add(reader, exit);
        return reader.done.Task;
    }

    internal int PipeCount => pipes.Length;

    /// <summary>Whether the poller holds the reader now (touched only by the poller thread).</summary>
    internal bool InPoller { get; set; }

    /// <summary>Whether the poller should drop this reader and finish it (read by the poller after a wake-up).</summary>
    internal bool AbandonRequested
    {
        get
        {
            lock (gate)
            {
                return abandonRequested;
            }
        }
    }

    /// <summary>The descriptor of pipe <paramref name="index"/>, or -1 once it is closed.</summary>
    internal int FdAt(int index) => pipes[index].Fd;

    /// <summary>Stops the reader: it reads nothing more and closes the pipes. Safe at any time, more than once.</summary>
    public void Abandon()
    {
        lock (gate)
        {
            if (abandonRequested || state == ReaderState.Done)
            {
                return;
            }

            abandonRequested = true;
            if (state == ReaderState.OwnThread)
            {
                // One byte into an empty pipe never blocks; that thread's poll sees it at once.
                UnixPipeNative.Write(wakeWrite, WakeByte, new UIntPtr(1));
                return;
            }
        }

        poller.Wake();
    }

    /// <summary>
    /// The poller saw pipe <paramref name="index"/> ready: one read into <paramref name="buffer"/>.
    /// Says whether the reader stays with the poller, and whether its set of open pipes changed.
    /// </summary>
    internal PollOutcome ReadPolled(int index, byte[] buffer)
    {
        int read;
        try
        {
            read = ReadOnce(index, buffer);
        }
        catch (Exception ex)
        {
            Finish(ex);
            return PollOutcome.Left;
        }

        if (read < 0)
        {
            return PollOutcome.Unchanged;
        }

        if (read == 0)
        {
            if (Array.TrueForAll(pipes, p => p.Fd < 0))
            {
                Finish(null);
                return PollOutcome.Left;
            }

            return PollOutcome.PipesChanged;
        }

        var now = Environment.TickCount;
        if (unchecked(now - windowStart) >= 1000)
        {
            windowStart = now;
            windowBytes = 0;
        }

        windowBytes += read;
        return windowBytes > LoudBytesPerSecond && TryMoveToOwnThread() ? PollOutcome.Left : PollOutcome.Unchanged;
    }

    /// <summary>Closes everything and completes the task, once. Only the thread that owns the reader calls it.</summary>
    internal void Finish(Exception? failure)
    {
        lock (gate)
        {
            if (state == ReaderState.Done)
            {
                return;
            }

            state = ReaderState.Done;
            CloseWakePipe();
        }

        foreach (var pipe in pipes)
        {
            pipe.Release(dispose: true);
        }

        registration.Dispose();

        // As the async pump did: a broken or closed pipe is an end, anything else a fault.
        if (failure is null or IOException or ObjectDisposedException)
        {
            done.TrySetResult(true);
        }
        else
        {
            done.TrySetException(failure);
        }
    }

    /// <summary>
    /// Reads pipe <paramref name="index"/> once. Returns the byte count, handed to its sink; 0 at
    /// end-of-file or when the pipe is unusable, which closes it; -1 to try again after the next poll.
    /// </summary>
    private int ReadOnce(int index, byte[] buffer)
    {
        var pipe = pipes[index];
        var read = (long)UnixPipeNative.Read(pipe.Fd, buffer, new UIntPtr((uint)buffer.Length));
        if (read > 0)
        {
            pipe.Sink.Write(buffer, 0, (int)read);
            return (int)read;
        }

        if (read < 0)
        {
            var errno = Marshal.GetLastWin32Error();
            if (errno == UnixPipeNative.EINTR || errno == UnixPipeNative.EAGAIN)
            {
                return -1;
            }
        }

        // End-of-file, or an error (what was read is kept, as with a broken pipe).
        pipes[index].Release(dispose: true);
        return 0;
    }

    // On the poller thread.
    private bool TryMoveToOwnThread()
    {
        lock (gate)
        {
            if (abandonRequested || !UnixPipeNative.TryCreateCloseOnExecPipe(out wakeRead, out wakeWrite))
            {
                // Abandoned: the poller finishes it after its next wake-up. No pipe: stay polled.
                return false;
            }

            state = ReaderState.OwnThread;
        }

        if (PipeReaderThreads.TryRun(RunOnOwnThread))
        {
            return true;
        }

        lock (gate)
        {
            state = ReaderState.Polled;
            CloseWakePipe();
        }

        // No thread to be had: stay polled, and do not try again before the next window.
        windowBytes = long.MinValue;
        if (AbandonRequested)
        {
            poller.Wake();
        }

        return false;
    }

    private void RunOnOwnThread()
    {
        var buffer = Buffers.Rent(BufferBytes);
        bool finished;
        Exception? failure = null;
        try
        {
            finished = ReadUntilQuiet(buffer);
        }
        catch (Exception ex)
        {
            // Never let an exception escape a reader thread: it would end the whole process.
            failure = ex;
            finished = true;
        }

        Buffers.Return(buffer);
        if (finished)
        {
            Finish(failure);
            return;
        }

        bool backToPoller;
        lock (gate)
        {
            backToPoller = !abandonRequested;
            if (backToPoller)
            {
                CloseWakePipe();
                state = ReaderState.Polled;
                windowStart = Environment.TickCount;
                windowBytes = 0;
            }
        }

        if (backToPoller)
        {
            // If Abandon comes between the lock and the poller taking the reader back, the poller's
            // wake-up handling checks abandonment after it has taken in new readers.
            poller.Add(this);
        }
        else
        {
            Finish(null);
        }
    }

    /// <summary>True at end-of-file on every pipe or when abandoned; false after a quiet second.</summary>
    private bool ReadUntilQuiet(byte[] buffer)
    {
        var count = pipes.Length;
        var fds = new UnixPipeNative.PollFd[count + 1];
        for (var i = 0; i < count; i++)
        {
            fds[i] = new UnixPipeNative.PollFd { Fd = pipes[i].Fd, Events = UnixPipeNative.POLLIN };
        }

        fds[count] = new UnixPipeNative.PollFd { Fd = wakeRead, Events = UnixPipeNative.POLLIN };
        var open = Array.FindAll(pipes, p => p.Fd >= 0).Length;
        while (open > 0)
        {
            for (var i = 0; i <= count; i++)
            {
                fds[i].Revents = 0;
            }

            var ready = UnixPipeNative.Poll(fds, new UIntPtr((uint)fds.Length), QuietMilliseconds);
            if (ready < 0)
            {
                var errno = Marshal.GetLastWin32Error();
                if (errno == UnixPipeNative.EINTR)
                {
                    continue;
                }

                throw new IOException("poll(2) failed on the output pipes: errno " + errno + ".");
            }

            if (ready == 0)
            {
                return false;
            }

            if (fds[count].Revents != 0)
            {
                return true;
            }

            for (var i = 0; i < count; i++)
            {
                // POLLHUP comes with POLLIN while data is left: read until read(2) says end-of-file,
                // so nothing written before the writer closed is lost. POLLNVAL/POLLERR end in read(2) too.
                if (fds[i].Fd >= 0 && fds[i].Revents != 0 && ReadOnce(i, buffer) == 0)
                {
                    fds[i].Fd = -1;
                    open--;
                }
            }
        }

        return true;
    }

    // Under `gate`. So that Abandon never writes to a descriptor number already closed (and perhaps
    // reused by another open).
    private void CloseWakePipe()
    {
        if (wakeRead >= 0)
        {
            UnixPipeNative.Close(wakeRead);
            UnixPipeNative.Close(wakeWrite);
            wakeRead = wakeWrite = -1;
        }
    }

    internal enum PollOutcome
    {
        Unchanged,
        PipesChanged,
        Left,
    }

    /// <summary>
    /// One pipe, the sink it is read into, and the reference the reader holds on its handle: while held, disposing the handle or
    /// its stream elsewhere (Process.Dispose) cannot close the descriptor under a poll or read, nor free
    /// its number for reuse. Only the thread that owns the reader releases it.
    /// </summary>
    private sealed class Pipe
    {
        private readonly HeldDescriptor descriptor;
        private readonly IDisposable owner;

        /// <param name="handle">The read end.</param>
        /// <param name="owner">What closes it when the reader is done (the stream, or the handle itself).</param>
        /// <param name="sink">Where its bytes go.</param>
        public Pipe(SafeHandle handle, IDisposable owner, IOutputSink sink)
        {
            descriptor = new HeldDescriptor(handle);
            this.owner = owner;
            Sink = sink;
        }

        public IOutputSink Sink { get; }

        /// <summary>The descriptor while held; -1 before and after.</summary>
        public int Fd => descriptor.Fd;

        /// <summary>The stream's pipe, or null when its handle cannot be had (already disposed).</summary>
        public static Pipe? FromStream(PipeStream stream, IOutputSink sink)
        {
            try
            {
                return new Pipe(stream.SafePipeHandle, stream, sink);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException)
            {
                return null;
            }
        }

        public bool TryHold() => descriptor.TryHold();

        /// <summary>Lets go of the handle (once); with <paramref name="dispose"/>, also closes it.</summary>
        public void Release(bool dispose)
        {
            if (descriptor.Release() && dispose)
            {
                owner.Dispose();
            }
        }
    }
}
