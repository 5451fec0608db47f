using System;
using System.Text;

namespace AgentProc.Output;

/// <summary>
/// Keeps the first <c>headBytes</c> and the last <c>tailBytes</c> bytes of a stream, so memory
/// per process is fixed however much it writes. The head is a plain array filled once; the tail
/// is a ring over a fixed array. All decoding and line cutting happen in <see cref="Snapshot"/>,
/// on a copy taken under the lock.
/// </summary>
/// <remarks>
/// Memory follows the output: most processes print little, and a session may hold a thousand of
/// them. The head grows by doubling (from 1 KiB) up to its capacity, and the tail is allocated
/// whole on the first byte past the head. So <see cref="Write"/> allocates only while the head fills
/// and on the tail's first byte (six times at the default sizes); after that, never.
/// </remarks>
internal sealed class HeadTailBuffer : IOutputSink
{
    public const int DefaultHeadBytes = 16 * 1024;
    public const int DefaultTailBytes = 16 * 1024;
    public const int DefaultMaxLineLength = 2048;

    // Replacement fallback (no throwing) and no BOM handling: invalid bytes become U+FFFD.
    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private const int FirstHeadBytes = 1024;

    private readonly object _gate = new object();
    private readonly int _headCapacity;
    private readonly int _tailCapacity;
    private readonly int _maxLineLength;
    private byte[] _head = Array.Empty<byte>();   // grows to _headCapacity
    private byte[] _tail = Array.Empty<byte>();   // empty, or _tailCapacity long

    private int _headCount;     // bytes in _head; grows to _headCapacity, then the tail takes over
    private int _tailNext;      // where the next tail byte goes; once full, also the oldest byte
    private int _tailCount;     // bytes in _tail, up to _tailCapacity
    private long _totalBytes;

    public HeadTailBuffer(int headBytes = DefaultHeadBytes, int tailBytes = DefaultTailBytes, int maxLineLength = DefaultMaxLineLength)
    {
        if (headBytes < 0) throw new ArgumentOutOfRangeException(nameof(headBytes), headBytes, "The head size cannot be negative.");
        if (tailBytes < 0) throw new ArgumentOutOfRangeException(nameof(tailBytes), tailBytes, "The tail size cannot be negative.");
        if (maxLineLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLineLength), maxLineLength, "The maximum line length must be at least 1.");

        _headCapacity = headBytes;
        _tailCapacity = tailBytes;
        _maxLineLength = maxLineLength;
    }

    public int HeadCapacity => _headCapacity;
    public int TailCapacity => _tailCapacity;
    public int MaxLineLength => _maxLineLength;

    /// <summary>Every byte ever written, kept or not.</summary>
    public long TotalBytes
    {
        get { lock (_gate) return _totalBytes; }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        if (buffer is null) throw new ArgumentNullException(nameof(buffer));
        if (offset < 0 || offset > buffer.Length) throw new ArgumentOutOfRangeException(nameof(offset));
        if (count < 0 || count > buffer.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
        if (count == 0) return;

        lock (_gate)
        {
            _totalBytes += count;

            int toHead = _headCapacity - _headCount;
            if (toHead > 0)
            {
                if (toHead > count) toHead = count;
                if (_headCount + toHead > _head.Length) GrowHead(_headCount + toHead);
                Buffer.BlockCopy(buffer, offset, _head, _headCount, toHead);
                _headCount += toHead;
                offset += toHead;
                count -= toHead;
            }

            if (count > 0 && _tailCapacity > 0)
            {
                if (_tail.Length == 0) _tail = new byte[_tailCapacity];
                WriteTail(buffer, offset, count);
            }
        }
    }

    // Caller holds the lock; needed <= _headCapacity.
    private void GrowHead(int needed)
    {
        int size = Math.Max(_head.Length * 2, FirstHeadBytes);
        if (size < needed) size = needed;
        if (size > _headCapacity) size = _headCapacity;
        var grown = new byte[size];
        Buffer.BlockCopy(_head, 0, grown, 0, _headCount);
        _head = grown;
    }

    // Caller holds the lock; count > 0 and the tail has room for at least one byte.
    private void WriteTail(byte[] buffer, int offset, int count)
    {
        int capacity = _tail.Length;
        if (count >= capacity)
        {
            // Only the last `capacity` bytes can survive: copy just those, oldest first at 0.
            Buffer.BlockCopy(buffer, offset + count - capacity, _tail, 0, capacity);
            _tailNext = 0;
            _tailCount = capacity;
            return;
        }

        int first = capacity - _tailNext; // room before the ring wraps
        if (first >= count)
        {
            Buffer.BlockCopy(buffer, offset, _tail, _tailNext, count);
        }
        else
        {
            Buffer.BlockCopy(buffer, offset, _tail, _tailNext, first);
            Buffer.BlockCopy(buffer, offset + first, _tail, 0, count - first);
        }

        _tailNext += count;
        if (_tailNext >= capacity) _tailNext -= capacity;
        _tailCount += count;
        if (_tailCount > capacity) _tailCount = capacity;
    }

    /// <summary>
    /// A consistent view of the output. The bytes are copied under the lock (so writers wait only
    /// for a memory copy); decoding, the UTF-8 boundary fix-up and line cutting happen outside it.
    /// </summary>
    public OutputSnapshot Snapshot()
    {
        byte[] bytes;
        int headCount;
        long total;
        lock (_gate)
        {
            total = _totalBytes;
            if (total == 0) return OutputSnapshot.Empty;

            headCount = _headCount;
            bytes = new byte[headCount + _tailCount];
            Buffer.BlockCopy(_head, 0, bytes, 0, headCount);
            // Linearise the ring. Until it is full it has never wrapped, so its bytes are
            // [0, _tailCount); once full, the oldest byte is at _tailNext.
            bool full = _tailCount == _tail.Length;
            int oldest = full ? _tailNext : 0;
            int firstPart = full ? _tail.Length - oldest : _tailCount;
            Buffer.BlockCopy(_tail, oldest, bytes, headCount, firstPart);
            Buffer.BlockCopy(_tail, 0, bytes, headCount + firstPart, _tailCount - firstPart);
        }

        if (total == bytes.Length)
        {
            // Nothing omitted: head and tail are contiguous, decode them as one sequence so a
            // character straddling the head/tail seam is decoded whole.
            string whole = LineCutter.Cut(Utf8.GetString(bytes), _maxLineLength, out int cut);
            return new OutputSnapshot(whole, total, total, cut);
        }

        // Bytes are missing between head and tail: drop the partial characters on either side of
        // the gap, and count them as omitted so N stays exact.
        int headShown = Utf8Boundary.TrimIncompleteEnd(bytes, 0, headCount);
        int tailCount = bytes.Length - headCount;
        int tailSkip = Utf8Boundary.LeadingContinuationCount(bytes, headCount, tailCount);
        int tailShown = tailCount - tailSkip;
        long shown = headShown + tailShown;

        // Head and tail are cut separately so the marker line itself is never cut.
        string head = LineCutter.Cut(Utf8.GetString(bytes, 0, headShown), _maxLineLength, out int headCut);
        string tail = LineCutter.Cut(Utf8.GetString(bytes, headCount + tailSkip, tailShown), _maxLineLength, out int tailCut);
        string text = head
            + "\n" + OutputSnapshot.OmittedMarker(total - shown) + "\n"
            + tail;
        return new OutputSnapshot(text, total, shown, headCut + tailCut);
    }
}
