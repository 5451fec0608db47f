using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentProc.Output;

/// <summary>
/// Follows an <see cref="OutputWindow"/> line by line from a cursor: each <see cref="Read"/> returns the
/// lines completed since the last one, a gap where the window moved past bytes first, and, once the
/// output has ended, the last line even without its '\n'. Lines are decoded and cut as the script runner
/// cuts them (<see cref="LineSplitter"/>): one decoder across reads, so no character is split, and a line
/// longer than the maximum is cut once, however many reads it spans. Not thread-safe: one caller at a time.
/// </summary>
internal sealed class OutputLineReader
{
    private static readonly IReadOnlyList<OutputLine> None = Array.Empty<OutputLine>();

    private readonly OutputWindow window;
    private readonly LineSplitter splitter;
    private readonly List<OutputLine> lines = new();
    private long cursor;
    private long lineCursor;
    private bool ended;

    public OutputLineReader(OutputWindow window, long cursor = 0)
    {
        this.window = window ?? throw new ArgumentNullException(nameof(window));
        this.cursor = cursor;
        splitter = new LineSplitter(window.MaxLineLength, text => lines.Add(OutputLine.Of(text, lineCursor)));
    }

    /// <summary>Where the next read starts: every byte before it was read (or skipped in a gap).</summary>
    public long Cursor => cursor;

    /// <summary>True once the output has ended and every line of it was returned.</summary>
    public bool Ended => ended;

    /// <summary>The line in progress: read, but not yet ended by a '\n'.</summary>
    public string PartialLine => splitter.Pending;

    /// <summary>What is new since the last read; empty when nothing is.</summary>
    public IReadOnlyList<OutputLine> Read()
    {
        if (ended)
        {
            return None;
        }

        lines.Clear();
        var buffer = ArrayPool<byte>.Shared.Rent(window.Capacity);
        try
        {
            var read = window.Read(cursor, buffer);
            var offset = 0;
            if (read.Lost > 0)
            {
                // The line in progress lost its end: it is delivered as it stands, then the gap. The
                // remains of a character the window cut at its start are part of the gap.
                lineCursor = cursor;
                splitter.Flush();
                offset = Utf8Boundary.LeadingContinuationCount(buffer, 0, read.Count);
                lines.Add(OutputLine.Gap(read.Lost + offset, read.Start + offset));
            }

            Feed(buffer, offset, read.Count, read.Start);
            cursor = read.Next;
            if (read.Ended)
            {
                lineCursor = cursor;
                splitter.Flush();
                ended = true;
            }

            return lines.Count == 0 ? None : lines.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Completes when there is something to read (or the output ended), or the token is cancelled.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) =>
        ended ? Task.CompletedTask : window.WaitAsync(cursor, cancellationToken);

    // Fed a line at a time, so that each line the splitter delivers knows the cursor just after its
    // '\n' (a '\n' byte is never part of a multi-byte character).
    private void Feed(byte[] buffer, int offset, int count, long start)
    {
        while (offset < count)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', offset, count - offset);
            var end = newline < 0 ? count : newline + 1;
            lineCursor = start + end;
            splitter.Write(buffer, offset, end - offset);
            offset = end;
        }
    }
}
