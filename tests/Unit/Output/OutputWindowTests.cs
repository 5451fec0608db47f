using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Tests.Infrastructure;
using Xunit;
using static AgentProc.Tests.Output.OutputTestData;

namespace AgentProc.Tests.Output;

public sealed class OutputWindowTests
{
    // The byte at offset n of a deterministic stream: checkable from the offset alone.
    private static byte At(long n) => (byte)(n % 251);

    private static byte[] Stream(long from, int count) => Enumerable.Range(0, count).Select(i => At(from + i)).ToArray();

    private static (OutputWindowRead Read, byte[] Bytes) ReadAll(OutputWindow window, long cursor)
    {
        var buffer = new byte[window.Capacity];
        var read = window.Read(cursor, buffer);
        return (read, buffer.AsSpan(0, read.Count).ToArray());
    }

    // ---- construction and cursors ----

    [Theory]
    [InlineData(0, 10, "capacity")]
    [InlineData(10, 0, "maxLineLength")]
    public void Invalid_sizes_are_refused(int capacity, int maxLine, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new OutputWindow(capacity, maxLine));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void An_empty_window_reads_nothing_from_cursor_zero()
    {
        var window = new OutputWindow(16);
        var (read, bytes) = ReadAll(window, 0);
        Assert.Empty(bytes);
        Assert.Equal(0, read.Next);
        Assert.Equal(0, read.Lost);
        Assert.False(read.Ended);

        var chunk = window.ReadText(0);
        Assert.Equal(string.Empty, chunk.Text);
        Assert.Equal(0, chunk.NextCursor);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void A_cursor_outside_the_output_is_refused(long cursor)
    {
        var window = new OutputWindow(16);
        window.Write(Stream(0, 3), 0, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => window.Read(cursor, new byte[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.ReadText(cursor));
    }

    [Fact]
    public void A_read_returns_only_what_follows_the_cursor_and_the_next_cursor()
    {
        var window = new OutputWindow(64);
        window.Write(Encoding.ASCII.GetBytes("abc"), 0, 3);
        var first = window.ReadText(0);
        Assert.Equal("abc", first.Text);
        Assert.Equal(3, first.NextCursor);

        window.Write(Encoding.ASCII.GetBytes("de"), 0, 2);
        var second = window.ReadText(first.NextCursor);
        Assert.Equal("de", second.Text);
        Assert.Equal(5, second.NextCursor);
        Assert.Equal(0, second.OmittedBytes);

        Assert.Equal(string.Empty, window.ReadText(5).Text);
    }

    [Fact]
    public void A_small_destination_takes_the_oldest_bytes_first_and_the_rest_on_the_next_read()
    {
        var window = new OutputWindow(64);
        window.Write(Stream(0, 50), 0, 50);
        var small = new byte[20];
        var read = window.Read(5, small);
        Assert.Equal(20, read.Count);
        Assert.Equal(25, read.Next);
        Assert.Equal(Stream(5, 20), small);
        Assert.False(read.Ended);
    }

    // ---- wrap-around and growth ----

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(100)]
    public void The_window_wraps_around_keeping_the_last_capacity_bytes(int chunk)
    {
        var window = new OutputWindow(8);
        for (long written = 0; written < 200; written += chunk)
        {
            window.Write(Stream(written, chunk), 0, chunk);
            var total = written + chunk;
            var oldest = Math.Max(0, total - 8);
            Assert.Equal(oldest, window.StartCursor);

            // Every cursor the window still holds reads exactly the bytes from there to the end.
            for (var cursor = oldest; cursor <= total; cursor++)
            {
                var (read, bytes) = ReadAll(window, cursor);
                Assert.Equal(cursor, read.Start);
                Assert.Equal(0, read.Lost);
                Assert.Equal(Stream(cursor, (int)(total - cursor)), bytes);
            }
        }
    }

    [Fact]
    public void The_ring_grows_with_the_output_without_losing_a_byte()
    {
        var window = new OutputWindow(5000);
        long written = 0;
        foreach (var size in new[] { 1, 1, 500, 700, 1, 2000, 1500, 3, 4000 })
        {
            window.Write(Stream(written, size), 0, size);
            written += size;
            var oldest = Math.Max(0, written - 5000);
            var (read, bytes) = ReadAll(window, oldest);
            Assert.Equal(Stream(oldest, (int)(written - oldest)), bytes);
            Assert.Equal(written, read.Next);
        }
    }

    [Fact]
    public void One_write_larger_than_the_window_keeps_its_end_wherever_the_ring_stood()
    {
        var window = new OutputWindow(10);
        window.Write(Stream(0, 7), 0, 7);
        var big = Stream(7, 95);
        window.Write(big, 0, big.Length);

        var (read, bytes) = ReadAll(window, 0);
        Assert.Equal(92, read.Lost);
        Assert.Equal(Stream(92, 10), bytes);

        window.Write(Stream(102, 3), 0, 3);
        Assert.Equal(Stream(95, 10), ReadAll(window, 95).Bytes);
    }

    // ---- gaps ----

    [Theory]
    [InlineData(0, 90)]
    [InlineData(50, 40)]
    [InlineData(89, 1)]
    [InlineData(90, 0)]
    [InlineData(95, 0)]
    public void A_cursor_the_window_moved_past_counts_the_bytes_it_lost(long cursor, long lost)
    {
        var window = new OutputWindow(10);
        window.Write(Stream(0, 100), 0, 100);

        var (read, bytes) = ReadAll(window, cursor);
        Assert.Equal(lost, read.Lost);
        Assert.Equal(Math.Max(cursor, 90), read.Start);
        Assert.Equal(100, read.Next);
        Assert.Equal(Stream(read.Start, (int)(100 - read.Start)), bytes);

        var chunk = new OutputWindow(10);
        chunk.Write(NumberedLines(100), 0, 100);
        Assert.Equal(lost, chunk.ReadText(cursor).OmittedBytes);
    }

    // ---- text: UTF-8 at the window's edges, line cutting ----

    [Theory]
    [InlineData("€", 2)]      // 3 bytes: the window keeps its last two
    [InlineData("€", 1)]
    [InlineData("😀", 3)]     // 4 bytes
    [InlineData("😀", 1)]
    [InlineData("é", 1)]      // 2 bytes
    public void A_character_the_window_cut_at_its_start_is_skipped_and_counted_as_omitted(string character, int continuationKept)
    {
        var bytes = Encoding.UTF8.GetBytes("x" + character + "yz");
        // A window that keeps continuationKept bytes of the character, then "yz".
        var window = new OutputWindow(continuationKept + 2);
        window.Write(bytes, 0, bytes.Length);

        var chunk = window.ReadText(0);
        Assert.Equal("yz", chunk.Text);
        Assert.Equal(bytes.Length - 2, chunk.OmittedBytes);
        Assert.Equal(bytes.Length, chunk.NextCursor);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("😀")]
    [InlineData("é")]
    public void A_character_not_yet_complete_is_left_for_the_next_read(string character)
    {
        var bytes = Encoding.UTF8.GetBytes("ab" + character);
        var window = new OutputWindow(64);
        window.Write(bytes, 0, bytes.Length - 1);

        var first = window.ReadText(0);
        Assert.Equal("ab", first.Text);
        Assert.Equal(2, first.NextCursor);

        window.Write(bytes, bytes.Length - 1, 1);
        var second = window.ReadText(first.NextCursor);
        Assert.Equal(character, second.Text);
        Assert.Equal(bytes.Length, second.NextCursor);
    }

    [Fact]
    public void A_character_left_incomplete_at_the_end_decodes_as_a_replacement_once_the_output_ended()
    {
        var bytes = Encoding.UTF8.GetBytes("ab€");
        var window = new OutputWindow(64);
        window.Write(bytes, 0, bytes.Length - 1);
        window.Complete();

        var chunk = window.ReadText(0);
        Assert.Equal("ab\uFFFD", chunk.Text);
        Assert.Equal(bytes.Length - 1, chunk.NextCursor);
        Assert.True(chunk.Ended);
    }

    [Fact]
    public void The_window_edge_never_splits_a_character_whatever_its_position()
    {
        // Every alignment of a run of 3- and 4-byte characters against a 10-byte window.
        var text = string.Concat(Enumerable.Repeat("a€😀b", 20));
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var length = 1; length <= bytes.Length; length++)
        {
            var window = new OutputWindow(10);
            window.Write(bytes, 0, length);
            var chunk = window.ReadText(0);
            Assert.DoesNotContain('\uFFFD', chunk.Text);
            Assert.Equal(length, chunk.OmittedBytes + Encoding.UTF8.GetByteCount(chunk.Text) + (length - chunk.NextCursor));
            Assert.EndsWith(chunk.Text, Encoding.UTF8.GetString(bytes, 0, (int)chunk.NextCursor));
        }
    }

    [Fact]
    public void Long_lines_are_cut_at_the_maximum_as_the_snapshot_cuts_them()
    {
        var window = new OutputWindow(64, maxLineLength: 5);
        var bytes = Encoding.ASCII.GetBytes("123456789\nok\n");
        window.Write(bytes, 0, bytes.Length);

        var chunk = window.ReadText(0);
        Assert.Equal("12345" + LineCutter.Suffix + "\nok\n", chunk.Text);
        Assert.Equal(1, chunk.LinesCut);
    }

    // ---- waiting ----

    [Fact]
    public async Task A_wait_ends_when_bytes_arrive()
    {
        var window = new OutputWindow(16);
        var wait = window.WaitAsync(0, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        window.Write(Stream(0, 1), 0, 1);
        await Eventually.Within(wait, "the wait to end when a byte arrives");

        // Bytes already past the cursor: no wait at all.
        Assert.True(window.WaitAsync(0, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task A_wait_ends_when_the_output_ends()
    {
        var window = new OutputWindow(16);
        window.Write(Stream(0, 2), 0, 2);
        var wait = window.WaitAsync(2, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        window.Complete();
        await Eventually.Within(wait, "the wait to end at the end of the output");
        Assert.True(window.IsCompleted);
        Assert.True(window.Read(2, new byte[16]).Ended);
        Assert.True(window.ReadText(0).Ended);
    }

    [Fact]
    public async Task A_wait_ends_when_its_token_is_cancelled()
    {
        var window = new OutputWindow(16);
        using var cancel = new CancellationTokenSource();
        var wait = window.WaitAsync(0, cancel.Token);
        Assert.False(wait.IsCompleted);

        cancel.Cancel();
        await Eventually.Within(wait, "the wait to end when its token is cancelled");
        Assert.Equal(0, window.TotalBytes);
    }

    [Fact]
    public async Task Many_waiters_all_wake_on_one_write()
    {
        var window = new OutputWindow(16);
        var waits = Enumerable.Range(0, 10).Select(_ => window.WaitAsync(0, CancellationToken.None)).ToArray();
        window.Write(Stream(0, 1), 0, 1);
        await Eventually.Within(Task.WhenAll(waits), "every waiter to wake");
    }

    // ---- one writer, several readers at once ----

    [Fact]
    public async Task Concurrent_readers_see_each_byte_in_order_or_count_it_as_lost()
    {
        const int total = 4_000_000;
        var window = new OutputWindow(4096);
        var writer = Task.Run(() =>
        {
            var random = new Random(7);
            long written = 0;
            while (written < total)
            {
                var size = (int)Math.Min(random.Next(1, 9000), total - written);
                window.Write(Stream(written, size), 0, size);
                written += size;
            }

            window.Complete();
        });

        var readers = Enumerable.Range(0, 3).Select(index => Task.Run(async () =>
        {
            var buffer = new byte[index == 0 ? 100 : 4096]; // one reader takes small bites
            long cursor = 0, seen = 0, lost = 0;
            while (true)
            {
                var read = window.Read(cursor, buffer);
                Assert.True(read.Start >= cursor, "a read never goes back");
                for (var i = 0; i < read.Count; i++)
                {
                    if (buffer[i] != At(read.Start + i))
                    {
                        throw new InvalidOperationException($"byte {read.Start + i} is wrong");
                    }
                }

                seen += read.Count;
                lost += read.Lost;
                cursor = read.Next;
                if (read.Ended)
                {
                    return (seen, lost, cursor);
                }

                await window.WaitAsync(cursor, CancellationToken.None);
            }
        })).ToArray();

        await Eventually.Within(writer, "the writer to finish");
        foreach (var result in await Eventually.Within(Task.WhenAll(readers), "the readers to reach the end"))
        {
            Assert.Equal(total, result.cursor);
            Assert.Equal(total, result.seen + result.lost);
        }
    }

    [Fact]
    public async Task Concurrent_text_readers_never_split_a_character()
    {
        var piece = Encoding.UTF8.GetBytes("a€😀\n");
        var window = new OutputWindow(37, maxLineLength: 100); // prime: the edge falls everywhere
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                window.Write(piece, 0, piece.Length);
            }

            window.Complete();
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            long cursor = 0, accounted = 0;
            while (true)
            {
                var chunk = window.ReadText(cursor);
                if (chunk.Text.Contains('\uFFFD'))
                {
                    throw new InvalidOperationException("a character was split at " + cursor);
                }

                accounted += chunk.OmittedBytes + Encoding.UTF8.GetByteCount(chunk.Text);
                cursor = chunk.NextCursor;
                if (chunk.Ended)
                {
                    return (cursor, accounted);
                }

                await window.WaitAsync(cursor, CancellationToken.None);
            }
        })).ToArray();

        await Eventually.Within(writer, "the writer to finish");
        foreach (var (cursor, accounted) in await Eventually.Within(Task.WhenAll(readers), "the readers to reach the end"))
        {
            Assert.Equal(piece.Length * 20_000L, cursor);
            Assert.Equal(cursor, accounted);
        }
    }
}
