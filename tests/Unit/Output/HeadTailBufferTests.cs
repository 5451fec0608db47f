using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using AgentProc.Output;
using Xunit;
using static AgentProc.Tests.Output.OutputTestData;

namespace AgentProc.Tests.Output;

public class HeadTailBufferTests
{
    // ---- construction ----

    [Theory]
    [InlineData(-1, 10, 10, "headBytes")]
    [InlineData(10, -1, 10, "tailBytes")]
    [InlineData(10, 10, 0, "maxLineLength")]
    [InlineData(10, 10, -5, "maxLineLength")]
    public void The_constructor_rejects_bad_sizes_naming_the_value(int head, int tail, int maxLine, string param)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new HeadTailBuffer(head, tail, maxLine));
        Assert.Equal(param, ex.ParamName);
    }

    [Fact]
    public void Constructor_Defaults()
    {
        var buffer = new HeadTailBuffer();
        Assert.Equal(16 * 1024, buffer.HeadCapacity);
        Assert.Equal(16 * 1024, buffer.TailCapacity);
        Assert.Equal(2048, buffer.MaxLineLength);
    }

    // ---- Write arguments ----

    [Fact]
    public void Write_rejects_bad_arguments()
    {
        var buffer = new HeadTailBuffer(4, 4);
        var data = new byte[8];
        Assert.Equal("buffer", Assert.Throws<ArgumentNullException>(() => buffer.Write(null!, 0, 0)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Write(data, -1, 1)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Write(data, 9, 0)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Write(data, 0, -1)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Write(data, 4, 5)).ParamName);
        Assert.Equal(0, buffer.TotalBytes);
    }

    [Fact]
    public void Write_honours_offset_and_count_and_a_zero_count_is_a_no_op()
    {
        var buffer = new HeadTailBuffer(4, 4);
        byte[] data = Encoding.ASCII.GetBytes("xxabcdefyy");
        buffer.Write(data, 2, 0);
        buffer.Write(data, 10, 0);
        buffer.Write(data, 2, 6);
        Assert.Equal(6, buffer.TotalBytes);
        Assert.Equal("abcdef", buffer.Snapshot().Text);
    }

    // ---- whole output ----

    [Fact]
    public void The_snapshot_of_an_empty_buffer_is_empty()
    {
        var snapshot = new HeadTailBuffer().Snapshot();
        Assert.Same(OutputSnapshot.Empty, snapshot);
        Assert.Equal("", snapshot.Text);
        Assert.Equal(0, snapshot.OriginalBytes);
        Assert.Equal(0, snapshot.RetainedBytes);
        Assert.Equal(0, snapshot.OmittedBytes);
        Assert.Equal(0, snapshot.LinesCut);
        Assert.False(snapshot.Truncated);
        Assert.Equal("none", snapshot.Strategy);
    }

    [Fact]
    public void Small_output_is_returned_whole()
    {
        var buffer = new HeadTailBuffer(8, 8);
        byte[] data = Encoding.ASCII.GetBytes("hello\n");
        buffer.Write(data, 0, data.Length);

        var snapshot = buffer.Snapshot();
        Assert.Equal("hello\n", snapshot.Text);
        Assert.Equal(6, snapshot.OriginalBytes);
        Assert.Equal(6, snapshot.RetainedBytes);
        Assert.Equal(0, snapshot.OmittedBytes);
        Assert.False(snapshot.Truncated);
        Assert.Equal("none", snapshot.Strategy);
        Assert.Equal("hello\n", snapshot.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Output_that_fits_exactly_is_returned_whole(int chunk)
    {
        var buffer = new HeadTailBuffer(100, 60);
        byte[] data = NumberedLines(1000).AsSpan(0, 160).ToArray();
        WriteInChunks(buffer, data, chunk);

        var snapshot = buffer.Snapshot();
        Assert.Equal(Ascii(data, 0, 160), snapshot.Text);
        Assert.Equal("none", snapshot.Strategy);
        Assert.Equal(160, snapshot.OriginalBytes);
        Assert.Equal(160, snapshot.RetainedBytes);
        Assert.False(snapshot.Truncated);
    }

    [Fact]
    public void One_byte_over_omits_exactly_one_byte()
    {
        var buffer = new HeadTailBuffer(100, 60);
        byte[] data = NumberedLines(1000).AsSpan(0, 161).ToArray();
        buffer.Write(data, 0, data.Length);

        var snapshot = buffer.Snapshot();
        Assert.Equal(Ascii(data, 0, 100) + Marker(1) + Ascii(data, 101, 60), snapshot.Text);
        Assert.Equal("head_tail", snapshot.Strategy);
        Assert.Equal(1, snapshot.OmittedBytes);
        Assert.Equal(160, snapshot.RetainedBytes);
        Assert.True(snapshot.Truncated);
    }

    // ---- head + tail content ----

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(16 * 1024)]
    [InlineData(65536)]
    [InlineData(1_000_000)]
    public void Overflow_keeps_the_first_head_and_last_tail_bytes(int chunk)
    {
        var buffer = new HeadTailBuffer(); // 16 KiB + 16 KiB
        byte[] data = NumberedLines(200_000);
        WriteInChunks(buffer, data, chunk);

        var snapshot = buffer.Snapshot();
        int head = HeadTailBuffer.DefaultHeadBytes, tail = HeadTailBuffer.DefaultTailBytes;
        long omitted = data.Length - head - tail;
        string expected = Ascii(data, 0, head) + Marker(omitted) + Ascii(data, data.Length - tail, tail);

        Assert.Equal(expected, snapshot.Text);
        Assert.Equal(data.Length, snapshot.OriginalBytes);
        Assert.Equal(head + tail, snapshot.RetainedBytes);
        Assert.Equal(omitted, snapshot.OmittedBytes);
        Assert.Equal("head_tail", snapshot.Strategy);
        Assert.True(snapshot.Truncated);
        Assert.Equal(0, snapshot.LinesCut);
        Assert.Equal(data.Length, buffer.TotalBytes);
    }

    [Fact]
    public void Snapshots_are_repeatable_and_writing_continues_after_a_snapshot()
    {
        var buffer = new HeadTailBuffer(10, 10);
        byte[] data = NumberedLines(200);
        buffer.Write(data, 0, 50);
        var first = buffer.Snapshot();
        Assert.Equal(first.Text, buffer.Snapshot().Text);

        buffer.Write(data, 50, data.Length - 50);
        Assert.Equal(Ascii(data, 0, 10) + Marker(data.Length - 20) + Ascii(data, data.Length - 10, 10), buffer.Snapshot().Text);
        Assert.Equal(Ascii(data, 0, 10) + Marker(30) + Ascii(data, 40, 10), first.Text); // unchanged
    }

    [Fact]
    public void A_write_larger_than_the_tail_keeps_only_its_end_whatever_the_ring_position()
    {
        var buffer = new HeadTailBuffer(5, 8);
        byte[] data = NumberedLines(500);
        buffer.Write(data, 0, 3);    // head partly
        buffer.Write(data, 3, 9);    // head full, 7 bytes into the ring
        buffer.Write(data, 12, 3);   // ring wraps
        buffer.Write(data, 15, 400); // one write far larger than the ring
        Assert.Equal(Ascii(data, 0, 5) + Marker(415 - 13) + Ascii(data, 415 - 8, 8), buffer.Snapshot().Text);

        buffer.Write(data, 415, 3);  // and the ring carries on from there
        Assert.Equal(Ascii(data, 0, 5) + Marker(418 - 13) + Ascii(data, 418 - 8, 8), buffer.Snapshot().Text);
    }

    /// <summary>Random write sizes against a plain list that keeps everything.</summary>
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(5, 13)]
    [InlineData(64, 7)]
    [InlineData(7, 64)]
    [InlineData(100, 100)]
    public void Matches_a_reference_model_under_random_writes(int head, int tail)
    {
        var random = new Random(head * 1000 + tail); // seeded: deterministic
        byte[] source = NumberedLines(5000);
        var buffer = new HeadTailBuffer(head, tail);
        var all = new List<byte>();

        for (int step = 0; step < 400; step++)
        {
            int count = random.Next(4) == 0 ? random.Next(0, 300) : random.Next(0, 20);
            int offset = random.Next(0, source.Length - count);
            buffer.Write(source, offset, count);
            all.AddRange(new ArraySegment<byte>(source, offset, count));

            if (step % 10 != 0) continue;
            byte[] expectedBytes = all.ToArray();
            string expected = expectedBytes.Length <= head + tail
                ? Ascii(expectedBytes, 0, expectedBytes.Length)
                : Ascii(expectedBytes, 0, head) + Marker(expectedBytes.Length - head - tail) + Ascii(expectedBytes, expectedBytes.Length - tail, tail);
            var snapshot = buffer.Snapshot();
            Assert.Equal(expected, snapshot.Text);
            Assert.Equal(all.Count, snapshot.OriginalBytes);
            Assert.Equal(Math.Min(all.Count, head + tail), snapshot.RetainedBytes);
        }
    }

    // ---- head-only, tail-only ----

    [Fact]
    public void Head_only_keeps_the_start()
    {
        var buffer = new HeadTailBuffer(headBytes: 20, tailBytes: 0);
        byte[] data = NumberedLines(100);
        buffer.Write(data, 0, 20);
        Assert.Equal(Ascii(data, 0, 20), buffer.Snapshot().Text);
        Assert.Equal("none", buffer.Snapshot().Strategy);

        buffer.Write(data, 20, data.Length - 20);
        var snapshot = buffer.Snapshot();
        Assert.Equal(Ascii(data, 0, 20) + Marker(data.Length - 20), snapshot.Text);
        Assert.Equal(20, snapshot.RetainedBytes);
        Assert.Equal("head_tail", snapshot.Strategy);
    }

    [Fact]
    public void Tail_only_keeps_the_end()
    {
        var buffer = new HeadTailBuffer(headBytes: 0, tailBytes: 20);
        byte[] data = NumberedLines(100);
        buffer.Write(data, 0, 20);
        Assert.Equal(Ascii(data, 0, 20), buffer.Snapshot().Text);

        WriteInChunks(buffer, data.AsSpan(20).ToArray(), 3);
        var snapshot = buffer.Snapshot();
        Assert.Equal(Marker(data.Length - 20) + Ascii(data, data.Length - 20, 20), snapshot.Text);
        Assert.Equal(20, snapshot.RetainedBytes);
        Assert.Equal(data.Length - 20, snapshot.OmittedBytes);
    }

    [Fact]
    public void No_head_and_no_tail_keeps_only_the_count()
    {
        var buffer = new HeadTailBuffer(0, 0);
        byte[] data = NumberedLines(100);
        buffer.Write(data, 0, data.Length);
        var snapshot = buffer.Snapshot();
        Assert.Equal(Marker(data.Length), snapshot.Text);
        Assert.Equal(0, snapshot.RetainedBytes);
        Assert.Equal(data.Length, snapshot.OmittedBytes);
    }

    // ---- bounded memory, no allocation ----

    [Fact]
    public void A_hundred_megabytes_retains_exactly_head_plus_tail()
    {
        var buffer = new HeadTailBuffer();
        byte[] chunk = NumberedLines(64 * 1024).AsSpan(0, 64 * 1024).ToArray();
        const int chunks = 1600; // 100 MiB
        for (int i = 0; i < chunks; i++) buffer.Write(chunk, 0, chunk.Length);

        var snapshot = buffer.Snapshot();
        long total = (long)chunks * chunk.Length;
        Assert.Equal(total, buffer.TotalBytes);
        Assert.Equal(total, snapshot.OriginalBytes);
        Assert.Equal(HeadTailBuffer.DefaultHeadBytes + HeadTailBuffer.DefaultTailBytes, snapshot.RetainedBytes);
        Assert.Equal(total - snapshot.RetainedBytes, snapshot.OmittedBytes);
        Assert.Equal(Ascii(chunk, 0, 16 * 1024) + Marker(snapshot.OmittedBytes) + Ascii(chunk, chunk.Length - 16 * 1024, 16 * 1024), snapshot.Text);
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(1000)]  // smaller than the ring: exercises the wrap-around copies
    [InlineData(1)]
    public void Write_allocates_nothing(int size)
    {
        var buffer = new HeadTailBuffer();
        byte[] chunk = NumberedLines(size).AsSpan(0, size).ToArray();
        // Warm up (JIT, tiering) and fill the head, so the measured writes all go to the ring.
        for (int i = 0; i < 100 || buffer.TotalBytes < 40_000; i++) buffer.Write(chunk, 0, chunk.Length);

        // The runtime may allocate once on this thread inside a window (tiered compilation swapping
        // code in); a write that allocated would allocate in every window, so the best window counts.
        long fewest = long.MaxValue;
        for (int window = 0; window < 5 && fewest != 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) buffer.Write(chunk, 0, chunk.Length);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Memory_follows_the_output_so_a_quiet_buffer_holds_little()
    {
        byte[] line = Encoding.ASCII.GetBytes(new string('x', 99) + "\n");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var buffer = new HeadTailBuffer();
        long empty = GC.GetAllocatedBytesForCurrentThread() - before;
        buffer.Write(line, 0, line.Length);
        long oneLine = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(empty, 1, 512);          // no arrays until the first byte
        Assert.InRange(oneLine, 1024, 2048);    // a 1 KiB head, no tail yet
        Assert.Equal(new string('x', 99) + "\n", buffer.Snapshot().Text);
    }

    [Fact]
    public void The_head_grows_to_its_capacity_then_the_tail_is_allocated_once()
    {
        var buffer = new HeadTailBuffer();
        byte[] chunk = NumberedLines(3000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 16; i++) buffer.Write(chunk, 0, 1024);   // exactly fills the head
        long head = GC.GetAllocatedBytesForCurrentThread() - before;
        buffer.Write(chunk, 0, 1024);
        long withTail = GC.GetAllocatedBytesForCurrentThread() - before;

        // 1 + 2 + 4 + 8 + 16 KiB of head arrays, plus object headers; then the 16 KiB tail.
        Assert.InRange(head, 31 * 1024, 32 * 1024);
        Assert.InRange(withTail - head, 16 * 1024, 16 * 1024 + 64);
        Assert.Equal(string.Concat(Enumerable.Repeat(Ascii(chunk, 0, 1024), 17)), buffer.Snapshot().Text);
    }

    // ---- concurrency ----

    [Fact]
    public void Concurrent_writers_keep_the_count_exact_and_memory_bounded()
    {
        const int threads = 4, writesPerThread = 5000;
        var buffer = new HeadTailBuffer(1024, 1024);
        using var start = new Barrier(threads + 1);
        var snapshots = new List<OutputSnapshot>();

        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            // Each thread writes its own letter, in sizes 1..97, so the ring wraps at odd places.
            byte letter = (byte)('a' + t);
            workers[t] = new Thread(() =>
            {
                byte[] data = Enumerable.Repeat(letter, 97).ToArray();
                start.SignalAndWait();
                for (int i = 0; i < writesPerThread; i++) buffer.Write(data, 0, 1 + i % 97);
            });
            workers[t].Start();
        }

        start.SignalAndWait();
        for (int i = 0; i < 50; i++) snapshots.Add(buffer.Snapshot()); // read while they write
        foreach (var worker in workers) worker.Join();

        long perThread = 0;
        for (int i = 0; i < writesPerThread; i++) perThread += 1 + i % 97;
        Assert.Equal(threads * perThread, buffer.TotalBytes);

        var final = buffer.Snapshot();
        Assert.Equal(2048, final.RetainedBytes);
        Assert.Equal(threads * perThread - 2048, final.OmittedBytes);
        string[] parts = final.Text.Split(Marker(final.OmittedBytes));
        Assert.Equal(2, parts.Length);
        Assert.Equal(1024, parts[0].Length);
        Assert.Equal(1024, parts[1].Length);
        Assert.All(final.Text.Replace(Marker(final.OmittedBytes), ""), c => Assert.InRange(c, 'a', 'd'));

        foreach (var s in snapshots)
        {
            Assert.InRange(s.RetainedBytes, 0, 2048);
            Assert.Equal(s.OriginalBytes, s.RetainedBytes + s.OmittedBytes);
        }
    }

    // ---- UTF-8 ----

    public static TheoryData<string, int, int> Straddles()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string ch in new[] { "é", "€", "\U0001F600" })
        {
            int length = Utf8.GetByteCount(ch);
            for (int headSplit = 0; headSplit < length; headSplit++)
                for (int tailSplit = 0; tailSplit < length; tailSplit++)
                    data.Add(ch, headSplit, tailSplit);
        }
        return data;
    }

    /// <summary>
    /// <paramref name="headSplit"/> bytes of a character end the head; the tail starts
    /// <paramref name="tailSplit"/> bytes into another one. Neither fragment is shown.
    /// </summary>
    [Theory]
    [MemberData(nameof(Straddles))]
    public void Multibyte_characters_are_never_split_at_the_boundaries(string ch, int headSplit, int tailSplit)
    {
        const int head = 16, tail = 16;
        byte[] c = Utf8.GetBytes(ch);
        var bytes = new List<byte>();
        bytes.AddRange(Enumerable.Repeat((byte)'a', head - headSplit));
        bytes.AddRange(c);
        bytes.AddRange(Enumerable.Repeat((byte)'b', 40));
        bytes.AddRange(c);
        int trailing = tail - (c.Length - tailSplit);
        bytes.AddRange(Enumerable.Repeat((byte)'c', trailing));
        byte[] data = bytes.ToArray();

        var buffer = new HeadTailBuffer(head, tail);
        WriteInChunks(buffer, data, 5);
        var snapshot = buffer.Snapshot();

        string expectedHead = new string('a', head - headSplit); // the fragment is trimmed off
        string expectedTail = (tailSplit == 0 ? ch : "") + new string('c', trailing);
        long shown = (head - headSplit) + (tailSplit == 0 ? c.Length : 0) + trailing;
        Assert.Equal(expectedHead + Marker(data.Length - shown) + expectedTail, snapshot.Text);
        Assert.DoesNotContain('\uFFFD', snapshot.Text);
        Assert.Equal(shown, snapshot.RetainedBytes);
        Assert.Equal(data.Length - shown, snapshot.OmittedBytes);
    }

    [Fact]
    public void Three_and_four_byte_characters_straddling_the_head_end_or_tail_start_are_dropped_whole()
    {
        // head = 9 × 'a' + first byte of €; tail = last 3 bytes of 😀 + 7 × 'c'.
        byte[] data = Utf8.GetBytes("aaaaaaaaa€" + new string('b', 50) + "\U0001F600ccccccc");
        var buffer = new HeadTailBuffer(10, 10);
        buffer.Write(data, 0, data.Length);

        var snapshot = buffer.Snapshot();
        Assert.Equal("aaaaaaaaa" + Marker(data.Length - 16) + "ccccccc", snapshot.Text);
        Assert.DoesNotContain('\uFFFD', snapshot.Text);

        // And the other way round: 😀 straddles the head end, € the tail start.
        data = Utf8.GetBytes("aaaaaaaa\U0001F600" + new string('b', 50) + "€cccccccc");
        buffer = new HeadTailBuffer(10, 10);
        buffer.Write(data, 0, data.Length);
        snapshot = buffer.Snapshot();
        Assert.Equal("aaaaaaaa" + Marker(data.Length - 16) + "cccccccc", snapshot.Text);
        Assert.DoesNotContain('\uFFFD', snapshot.Text);
    }

    [Fact]
    public void A_character_split_across_writes_decodes_whole()
    {
        byte[] euro = Utf8.GetBytes("x€y"); // 78 E2 82 AC 79
        var buffer = new HeadTailBuffer(64, 64);
        buffer.Write(euro, 0, 2);
        buffer.Write(euro, 2, 1);
        buffer.Write(euro, 3, 2);
        Assert.Equal("x€y", buffer.Snapshot().Text);

        // Split across writes and across the head/tail seam, with nothing omitted: still whole.
        byte[] smile = Utf8.GetBytes("abc\U0001F600d"); // 3 + 4 + 1 bytes
        buffer = new HeadTailBuffer(5, 8);
        buffer.Write(smile, 0, 5); // "abc" + 2 bytes of 😀 fill the head
        buffer.Write(smile, 5, 3);
        var snapshot = buffer.Snapshot();
        Assert.Equal("abc\U0001F600d", snapshot.Text);
        Assert.Equal("none", snapshot.Strategy);
        Assert.False(snapshot.Truncated);
    }

    [Fact]
    public void Invalid_bytes_decode_as_replacement_characters()
    {
        var buffer = new HeadTailBuffer(64, 64);
        byte[] data = { (byte)'a', 0xFF, (byte)'b', 0xC3, (byte)'c' };
        buffer.Write(data, 0, data.Length);
        Assert.Equal("a\uFFFDb\uFFFDc", buffer.Snapshot().Text);
    }

    // ---- line cutting ----

    [Fact]
    public void Long_lines_are_cut_even_when_nothing_is_omitted()
    {
        var buffer = new HeadTailBuffer();
        byte[] data = Encoding.ASCII.GetBytes("first\n" + new string('x', 3000) + "\r\nlast\n");
        buffer.Write(data, 0, data.Length);

        var snapshot = buffer.Snapshot();
        Assert.Equal("first\n" + new string('x', 2048) + LineCutter.Suffix + "\r\nlast\n", snapshot.Text);
        Assert.Equal(1, snapshot.LinesCut);
        Assert.True(snapshot.Truncated);
        Assert.Equal("none", snapshot.Strategy);
        Assert.Equal(0, snapshot.OmittedBytes);
    }

    [Fact]
    public void Long_lines_are_cut_in_head_and_tail()
    {
        var buffer = new HeadTailBuffer(20, 20, maxLineLength: 4);
        byte[] data = Encoding.ASCII.GetBytes("ab\n" + new string('h', 17) + new string('m', 100) + new string('t', 17) + "\nyz");
        buffer.Write(data, 0, data.Length);

        var snapshot = buffer.Snapshot();
        string s = LineCutter.Suffix;
        Assert.Equal("ab\nhhhh" + s + Marker(data.Length - 40) + "tttt" + s + "\nyz", snapshot.Text);
        Assert.Equal(2, snapshot.LinesCut);
    }

    [Fact]
    public void The_marker_is_never_cut()
    {
        var buffer = new HeadTailBuffer(2, 2, maxLineLength: 1);
        byte[] data = Encoding.ASCII.GetBytes("a\n" + new string('m', 50) + "\nz");
        buffer.Write(data, 0, data.Length);

        var snapshot = buffer.Snapshot();
        Assert.Equal("a\n" + Marker(data.Length - 4) + "\nz", snapshot.Text);
        Assert.Equal(0, snapshot.LinesCut);
        Assert.Equal("head_tail", snapshot.Strategy);
    }
}
