using System.Collections.Generic;
using System.Text;
using AgentProc.Output;
using Xunit;

namespace AgentProc.Tests.Output;

public sealed class LineSplitterTests
{
    private readonly List<string> lines = new();

    private LineSplitter Create(int max = 2048) => new(max, lines.Add);

    private static void Write(LineSplitter splitter, params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            splitter.Write(chunk, 0, chunk.Length);
        }
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Lines_are_split_on_newlines_and_lose_their_line_endings()
    {
        var splitter = Create();
        Write(splitter, B("a\nb\r\nc"), B("d\n\n"));
        Assert.Equal(new[] { "a", "b", "cd", string.Empty }, lines);
    }

    [Fact]
    public void Every_split_of_a_multibyte_character_decodes_whole()
    {
        var bytes = B("€😀\n");
        for (var cut = 1; cut < bytes.Length - 1; cut++)
        {
            lines.Clear();
            var splitter = Create();
            splitter.Write(bytes, 0, cut);
            splitter.Write(bytes, cut, bytes.Length - cut);
            Assert.Equal(new[] { "€😀" }, lines);
        }
    }

    [Fact]
    public void The_last_line_without_a_newline_comes_at_flush_with_an_incomplete_character_replaced()
    {
        var splitter = Create();
        Write(splitter, B("done"), new byte[] { 0xE2, 0x82 });
        Assert.Empty(lines);
        splitter.Flush();
        Assert.Equal(new[] { "done\uFFFD" }, lines);
    }

    [Fact]
    public void Flush_with_nothing_pending_delivers_nothing()
    {
        var splitter = Create();
        Write(splitter, B("x\n"));
        splitter.Flush();
        Assert.Equal(new[] { "x" }, lines);
    }

    [Fact]
    public void A_long_line_is_cut_with_the_suffix_and_the_next_line_is_whole()
    {
        var splitter = Create(5);
        Write(splitter, B("abcdefgh"), B("ij\nklm\n"));
        Assert.Equal(new[] { "abcde... [truncated]", "klm" }, lines);
    }

    [Fact]
    public void A_line_of_exactly_the_maximum_with_CRLF_is_not_cut()
    {
        var splitter = Create(5);
        Write(splitter, B("abcde\r"), B("\nabcde\rx\n"));
        Assert.Equal(new[] { "abcde", "abcde... [truncated]" }, lines);
    }

    [Fact]
    public void A_cut_never_leaves_half_a_surrogate_pair()
    {
        var splitter = Create(5);
        Write(splitter, B("abcd😀z\n"));
        Assert.Equal(new[] { "abcd... [truncated]" }, lines);
    }

    [Fact]
    public void A_carriage_return_inside_a_line_is_kept()
    {
        var splitter = Create();
        Write(splitter, B("50%\r100%\n"));
        Assert.Equal(new[] { "50%\r100%" }, lines);
    }
}
