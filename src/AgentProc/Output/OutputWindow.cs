using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentProc.Output;

/// <summary>
/// The recent output of a process: the last <see cref="Capacity"/> bytes (64 KiB by default, what the
/// agent this module descends from keeps), addressed by cursors, the absolute byte offsets into
/// everything the process wrote. A reader asks for what follows its cursor and gets the new bytes, the
/// next cursor, and how many bytes the window moved past before it could read them. Writers never wait
/// for readers; a reader waits for new bytes with <see cref="WaitAsync"/>.
/// </summary>
/// <remarks>
/// Beside the head+tail buffer (what a snapshot shows), this is what lets a caller follow the output:
/// read, wait, read what is new. The ring is allocated as the output grows (doubling from 1 KiB), so a
/// quiet process holds little; byte <c>n</c> of the output lives at <c>ring[n % Capacity]</c> throughout,
/// since until the output reaches the capacity the ring has never wrapped.
/// </remarks>
internal sealed class OutputWindow : IOutputSink
{
    public const int DefaultCapacity = 64 * 1024;

    private const int FirstRingBytes = 1024;

    // Replacement fallback (no throwing) and no BOM handling, as the snapshot decodes.
    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly object gate = new();
    private readonly int capacity;
    private readonly int maxLineLength;
    private byte[] ring = Array.Empty<byte>();
    private long total;
    private bool completed;

    // Completed (and replaced by the next waiter) when bytes arrive or the output ends. Null while nobody
    // waits, so a write with no follower costs nothing beyond the copy.
    private TaskCompletionSource<bool>? arrived;

    public OutputWindow(int capacity = DefaultCapacity, int maxLineLength = HeadTailBuffer.DefaultMaxLineLength)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The window must hold at least one byte.");
        if (maxLineLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLineLength), maxLineLength, "The maximum line length must be at least 1.");

        this.capacity = capacity;
        this.maxLineLength = maxLineLength;
    }

    public int Capacity => capacity;

    public int MaxLineLength => maxLineLength;

    /// <summary>Every byte ever written: the cursor just after the newest byte.</summary>
    public long TotalBytes
    {
        get { lock (gate) return total; }
    }

    /// <summary>The cursor of the oldest byte still held.</summary>
    public long StartCursor
    {
        get { lock (gate) return total - Math.Min(total, capacity); }
    }

    /// <summary>True once <see cref="Complete"/> was called: the process has exited and its output was read to the end.</summary>
    public bool IsCompleted
    {
        get { lock (gate) return completed; }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        if (buffer is null) throw new ArgumentNullException(nameof(buffer));
        if (offset < 0 || offset > buffer.Length) throw new ArgumentOutOfRangeException(nameof(offset));
        if (count < 0 || count > buffer.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
        if (count == 0) return;

        TaskCompletionSource<bool>? wake;
        lock (gate)
        {
            if (count >= capacity)
            {
                // Only the last `capacity` bytes can survive.
                EnsureRing(capacity);
                CopyIn(buffer, offset + count - capacity, capacity, total + count - capacity);
            }
            else
            {
                EnsureRing((int)Math.Min(total + count, capacity));
                CopyIn(buffer, offset, count, total);
            }

            total += count;
            wake = arrived;
            arrived = null;
        }

        // Outside the lock, and the waiters' continuations run elsewhere (RunContinuationsAsynchronously):
        // this is a reader thread, possibly the poller that all quiet children share.
        wake?.TrySetResult(true);
    }

    /// <summary>No more bytes will come: wakes every waiter, and reads report the end.</summary>
    public void Complete()
    {
        TaskCompletionSource<bool>? wake;
        lock (gate)
        {
            completed = true;
            wake = arrived;
            arrived = null;
        }

        wake?.TrySetResult(true);
    }

    /// <summary>
    /// Copies the bytes after <paramref name="cursor"/> into <paramref name="destination"/> (as many as fit,
    /// oldest first). A cursor the window has moved past reads from the oldest byte still held.
    /// </summary>
    public OutputWindowRead Read(long cursor, byte[] destination)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));

        lock (gate)
        {
            CheckCursor(cursor);
            var start = Math.Max(cursor, total - Math.Min(total, capacity));
            var count = (int)Math.Min(total - start, destination.Length);
            CopyOut(start, destination, count);
            return new OutputWindowRead(cursor, start, count, completed && start + count == total);
        }
    }

    /// <summary>
    /// The output after <paramref name="cursor"/>, decoded as UTF-8 the way a snapshot is: a character is
    /// never split (an incomplete one at the end is left for the next read, until the output ends; the
    /// remains of one the window cut at its start are skipped and counted as omitted), and lines longer
    /// than the maximum are cut, within this read, with <c>... [truncated]</c>.
    /// </summary>
    public OutputChunk ReadText(long cursor)
    {
        byte[] bytes;
        long start;
        bool ended;
        lock (gate)
        {
            CheckCursor(cursor);
            start = Math.Max(cursor, total - Math.Min(total, capacity));
            bytes = new byte[total - start];
            CopyOut(start, bytes, bytes.Length);
            ended = completed;
        }

        // Continuation bytes at the start belong to a character that began before it.
        var skip = Utf8Boundary.LeadingContinuationCount(bytes, 0, bytes.Length);

        // Until the output ends, a character cut off at the end is left for the next read. Once it has
        // ended it never completes: it decodes as U+FFFD, as the snapshot shows it.
        var end = ended ? bytes.Length : skip + Utf8Boundary.TrimIncompleteEnd(bytes, skip, bytes.Length - skip);
        var text = LineCutter.Cut(Utf8.GetString(bytes, skip, end - skip), maxLineLength, out var linesCut);
        var next = start + end;
        return new OutputChunk(text, cursor, next, start - cursor + skip, linesCut, ended && next == start + bytes.Length);
    }

    /// <summary>
    /// Completes when there are bytes after <paramref name="cursor"/>, when the output has ended, or when
    /// <paramref name="cancellationToken"/> is cancelled (the task then completes normally: the caller
    /// looks at its token).
    /// </summary>
    public async Task WaitAsync(long cursor, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            if (total > cursor || completed)
            {
                return;
            }

            arrived ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = arrived.Task;
        }

        if (!cancellationToken.CanBeCanceled)
        {
            await signal.ConfigureAwait(false);
            return;
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            await Task.WhenAny(signal, cancelled.Task).ConfigureAwait(false);
        }
    }

    // Caller holds the lock.
    private void CheckCursor(long cursor)
    {
        if (cursor < 0 || cursor > total)
        {
            throw new ArgumentOutOfRangeException(nameof(cursor), cursor, "A cursor is a byte offset into the output, from 0 to the bytes written so far (" + total + ").");
        }
    }

    // Caller holds the lock. Until the output reaches the capacity its bytes are linear at [0, total),
    // so growing is a plain copy of them.
    private void EnsureRing(int needed)
    {
        if (ring.Length >= needed)
        {
            return;
        }

        var size = Math.Max(ring.Length * 2, FirstRingBytes);
        if (size < needed) size = needed;
        if (size > capacity) size = capacity;
        var grown = new byte[size];
        Buffer.BlockCopy(ring, 0, grown, 0, (int)total);
        ring = grown;
    }

    // Caller holds the lock; count <= capacity, and the ring is large enough for the offsets written.
    private void CopyIn(byte[] source, int offset, int count, long at)
    {
        var index = (int)(at % capacity);
        var first = Math.Min(count, capacity - index);
        Buffer.BlockCopy(source, offset, ring, index, first);
        if (count > first)
        {
            Buffer.BlockCopy(source, offset + first, ring, 0, count - first);
        }
    }

    // Caller holds the lock; [start, start + count) is held.
    private void CopyOut(long start, byte[] destination, int count)
    {
        if (count == 0)
        {
            return;
        }

        var index = (int)(start % capacity);
        var first = Math.Min(count, capacity - index);
        Buffer.BlockCopy(ring, index, destination, 0, first);
        if (count > first)
        {
            Buffer.BlockCopy(ring, 0, destination, first, count - first);
        }
    }
}
