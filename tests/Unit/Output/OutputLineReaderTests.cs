using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Output;

public sealed class OutputLineReaderTests
{
    private static void Write(OutputWindow window, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        window.Write(bytes, 0, bytes.Length);
    }

    private static string[] Texts(IEnumerable<OutputLine> lines) => lines.Select(l => l.Text).ToArray();

    [Fact]
    public void Complete_lines_are_returned_and_the_line_in_progress_waits_for_its_newline()
    {
        var window = new OutputWindow(1024);
        var reader = new OutputLineReader(window);
        Write(window, "one\ntw");

        Assert.Equal(new[] { "one" }, Texts(reader.Read()));
        Assert.Equal("tw", reader.PartialLine);
        Assert.Empty(reader.Read());

        Write(window, "o\r\nthree\n");
        var lines = reader.Read();
        Assert.Equal(new[] { "two", "three" }, Texts(lines));
        Assert.Equal(new long[] { 9, 15 }, lines.Select(l => l.Cursor).ToArray());
        Assert.Equal(15, reader.Cursor);
        Assert.Equal(string.Empty, reader.PartialLine);
    }

    [Fact]
    public void Each_line_carries_the_cursor_just_after_it()
    {
        var window = new OutputWindow(1024);
        Write(window, "a\nbb\n\nccc\n");
        var lines = new OutputLineReader(window).Read();

        Assert.Equal(new[] { "a", "bb", string.Empty, "ccc" }, Texts(lines));
        Assert.Equal(new long[] { 2, 5, 6, 10 }, lines.Select(l => l.Cursor).ToArray());

        // Reading on from a line's cursor starts at the next line.
        Assert.Equal(new[] { "ccc" }, Texts(new OutputLineReader(window, lines[2].Cursor).Read()));
    }

    [Fact]
    public void The_last_line_is_returned_without_its_newline_when_the_output_ends()
    {
        var window = new OutputWindow(1024);
        var reader = new OutputLineReader(window);
        Write(window, "first\nlast");
        Assert.Equal(new[] { "first" }, Texts(reader.Read()));
        Assert.False(reader.Ended);

        window.Complete();
        Assert.Equal(new[] { "last" }, Texts(reader.Read()));
        Assert.True(reader.Ended);
        Assert.Empty(reader.Read());
        Assert.True(reader.WaitAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void A_character_split_across_writes_is_decoded_whole()
    {
        var window = new OutputWindow(1024);
        var reader = new OutputLineReader(window);
        var bytes = Encoding.UTF8.GetBytes("a😀b\n");
        window.Write(bytes, 0, 3);
        Assert.Empty(reader.Read());

        window.Write(bytes, 3, bytes.Length - 3);
        Assert.Equal(new[] { "a😀b" }, Texts(reader.Read()));
    }

    [Fact]
    public void A_long_line_spanning_reads_is_cut_once()
    {
        var window = new OutputWindow(1024, maxLineLength: 5);
        var reader = new OutputLineReader(window);
        Write(window, "1234");
        Assert.Empty(reader.Read());
        Write(window, "56789");
        Assert.Empty(reader.Read());
        Write(window, "abc\nnext\n");

        var lines = reader.Read();
        Assert.Equal(new[] { "12345" + LineCutter.Suffix, "next" }, Texts(lines));
    }

    [Fact]
    public void A_reader_the_window_moved_past_gets_the_line_it_had_then_a_gap_of_the_lost_bytes_then_what_follows()
    {
        var window = new OutputWindow(16);
        var reader = new OutputLineReader(window);
        Write(window, "abc\nde");
        Assert.Equal(new[] { "abc" }, Texts(reader.Read()));

        // 6 read so far; 30 more written, the window keeps the last 16: bytes 20..35.
        Write(window, "fghijklmnopqrst\nuvwxyz0123456\n");
        var lines = reader.Read();

        Assert.Equal(4, lines.Count);
        Assert.Equal("de", lines[0].Text);
        Assert.True(lines[1].IsGap);
        Assert.Equal(14, lines[1].OmittedBytes);
        Assert.Equal(OutputSnapshot.OmittedMarker(14), lines[1].Text);
        Assert.Equal(20, lines[1].Cursor);
        Assert.Equal("t", lines[2].Text); // the window starts inside a line: its rest is a line
        Assert.Equal("uvwxyz0123456", lines[3].Text);
        Assert.Equal(36, reader.Cursor);
    }

    [Fact]
    public void A_gap_that_cuts_a_character_counts_its_remains_as_lost()
    {
        var window = new OutputWindow(5);
        var reader = new OutputLineReader(window);
        Write(window, "x€yz\n"); // 7 bytes; the window keeps the last two bytes of the € and "yz\n"

        var lines = reader.Read();
        Assert.True(lines[0].IsGap);
        Assert.Equal(4, lines[0].OmittedBytes);
        Assert.Equal("yz", lines[1].Text);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task A_follower_sees_every_line_of_a_quiet_process_and_the_end()
    {
        var window = new OutputWindow(64 * 1024);
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                Write(window, "line " + i + "\n");
            }

            window.Complete();
        });

        var reader = new OutputLineReader(window);
        var seen = new List<string>();
        while (!reader.Ended)
        {
            seen.AddRange(reader.Read().Where(l => !l.IsGap).Select(l => l.Text));
            await Eventually.Within(reader.WaitAsync(CancellationToken.None), "more output or its end");
        }

        await writer;
        // The writer may outrun the window; what is seen is in order and ends with the last line.
        var numbers = seen.Select(l => int.Parse(l.Substring(5))).ToArray();
        Assert.Equal(numbers.OrderBy(n => n), numbers);
        Assert.Equal(1999, numbers[^1]);
    }
}
