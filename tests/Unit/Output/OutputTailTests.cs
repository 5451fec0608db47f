using System.Linq;
using AgentProc.Output;
using Xunit;

namespace AgentProc.Tests.Output;

public sealed class OutputTailTests
{
    [Fact]
    public void The_last_lines_are_kept_without_the_trailing_newline()
    {
        var text = string.Concat(Enumerable.Range(1, 20).Select(i => i + "\n"));
        Assert.Equal("18\n19\n20", OutputTail.Last(text, lines: 3));
    }

    [Fact]
    public void Fewer_lines_than_asked_are_all_kept()
    {
        Assert.Equal("a\nb", OutputTail.Last("a\nb\n\n"));
        Assert.Equal(string.Empty, OutputTail.Last(string.Empty));
    }

    [Fact]
    public void Too_many_characters_keep_whole_lines_from_the_end()
    {
        var text = new string('a', 50) + "\n" + new string('b', 10) + "\n" + new string('c', 10);
        Assert.Equal(new string('b', 10) + "\n" + new string('c', 10), OutputTail.Last(text, lines: 10, maxChars: 30));
    }

    [Fact]
    public void One_line_too_long_keeps_its_end_without_half_a_surrogate_pair()
    {
        var text = "x" + string.Concat(Enumerable.Repeat("😀", 20));
        var tail = OutputTail.Last(text, lines: 10, maxChars: 9);
        Assert.False(char.IsLowSurrogate(tail[0]));
        Assert.EndsWith("😀😀😀😀", tail);
    }
}
