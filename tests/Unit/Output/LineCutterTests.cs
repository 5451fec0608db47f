using AgentProc.Output;
using Xunit;

namespace AgentProc.Tests.Output;

public class LineCutterTests
{
    private const string S = LineCutter.Suffix;

    [Fact]
    public void ShortLines_ReturnTheSameInstance()
    {
        string text = "one\ntwo\r\nthree\n";
        Assert.Same(text, LineCutter.Cut(text, 5, out int cut));
        Assert.Equal(0, cut);
    }

    [Fact]
    public void LineOfExactlyTheMaximum_IsNotCut()
    {
        string text = "abcde\nabcde";
        Assert.Same(text, LineCutter.Cut(text, 5, out int cut));
        Assert.Equal(0, cut);
    }

    [Fact]
    public void LongLines_AreCutAndCounted()
    {
        Assert.Equal("abc" + S + "\nok\nxyz" + S, LineCutter.Cut("abcdef\nok\nxyzxyz", 3, out int cut));
        Assert.Equal(2, cut);
    }

    [Fact]
    public void CarriageReturnBeforeNewline_IsNotContentAndIsKept()
    {
        Assert.Same("abc\r\n", LineCutter.Cut("abc\r\n", 3, out int none));
        Assert.Equal(0, none);

        Assert.Equal("abc" + S + "\r\nde\r\n", LineCutter.Cut("abcdef\r\nde\r\n", 3, out int cut));
        Assert.Equal(1, cut);
    }

    [Fact]
    public void CarriageReturnInsideALine_IsContent()
    {
        // A progress bar redrawn with '\r' is one long line.
        Assert.Equal("10%" + S + "\n", LineCutter.Cut("10%\r20%\r30%\n", 3, out int cut));
        Assert.Equal(1, cut);
    }

    [Fact]
    public void TrailingNewlineAndEmptyLines_ArePreserved()
    {
        Assert.Equal("\n\nab" + S + "\n\n", LineCutter.Cut("\n\nabcd\n\n", 2, out int cut));
        Assert.Equal(1, cut);
    }

    [Fact]
    public void The_cut_never_splits_a_surrogate_pair()
    {
        string smile = "\U0001F600"; // two UTF-16 units
        // The cut at 3 would fall between the halves of the pair at [2..3]: cut at 2 instead.
        string result = LineCutter.Cut("ab" + smile + "cd", 3, out int cut);
        Assert.Equal("ab" + S, result);
        Assert.Equal(1, cut);

        // Ending exactly after the pair keeps it.
        Assert.Equal("ab" + smile + S, LineCutter.Cut("ab" + smile + "cd", 4, out _));

        // Maximum 1 with the pair first: nothing of the line is left, but nothing is split.
        Assert.Equal(S, LineCutter.Cut(smile + "x", 1, out _));
    }

    [Fact]
    public void DefaultLength_CutsTo2048Characters()
    {
        string line = new string('x', 3000);
        string result = LineCutter.Cut("start\n" + line + "\nend", HeadTailBuffer.DefaultMaxLineLength, out int cut);
        Assert.Equal("start\n" + new string('x', 2048) + S + "\nend", result);
        Assert.Equal(1, cut);
    }
}
