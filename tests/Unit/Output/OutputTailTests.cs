using System.Linq;
using AgentProc.Output;
using Xunit;

namespace AgentProc.Tests.Output;

public sealed class OutputTailTests
{
    [Fact]
    public void TheLastLinesAreKept_WithoutTheTrailingNewline()
    {
        var text = string.Concat(Enumerable.Range(1, 20).Select(i => i + "\n"));
        Assert.Equal("18\n19\n20", OutputTail.Last(text, lines: 3));
    }

    [Fact]
    public void FewerLinesThanAsked_AreAllKept()
    {
        Assert.Equal("a\nb", OutputTail.Last("a\nb\n\n"));
        Assert.Equal(string.Empty, OutputTail.Last(string.Empty));
    }

    [Fact]
    public void TooManyCharacters_KeepWholeLinesFromTheEnd()
    {
        var text = new string('a', 50) + "\n" + new string('b', 10) + "\n" + new string('c', 10);
        Assert.Equal(new string('b', 10) + "\n" + new string('c', 10), OutputTail.Last(text, lines: 10, maxChars: 30));
    }

    [Fact]
    public void OneLineTooLong_KeepsItsEnd_WithoutHalfASurrogatePair()
    {
        var text = "x" + string.Concat(Enumerable.Repeat("😀", 20));
        var tail = OutputTail.Last(text, lines: 10, maxChars: 9);
        Assert.False(char.IsLowSurrogate(tail[0]));
        Assert.EndsWith("😀😀😀😀", tail);
    }
}
