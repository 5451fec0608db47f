using AgentProc.Output;
using Xunit;

namespace AgentProc.Tests.Output;

public class LineCutterTests
{
    private const string S = LineCutter.Suffix;

    [Fact]
    public void Short_lines_return_the_same_instance()
    {
        string text = "one\ntwo\r\nthree\n";
        Assert.Same(text, LineCutter.Cut(text, 5, out int cut));
        Assert.Equal(0, cut);
    }

    [Fact]
    public void A_line_of_exactly_the_maximum_is_not_cut()
    {
        string text = "abcde\nabcde";
        Assert.Same(text, LineCutter.Cut(text, 5, out int cut));
        Assert.Equal(0, cut);
    }

    [Fact]
    public void Long_lines_are_cut_and_counted()
    {
        Assert.Equal("abc" + S + "\nok\nxyz" + S, LineCutter.Cut("abcdef\nok\nxyzxyz", 3, out int cut));
        Assert.Equal(2, cut);
    }

    [Fact]
    public void A_carriage_return_before_a_newline_is_not_content_and_is_kept()
    {
        Assert.Same("abc\r\n", LineCutter.Cut("abc\r\n", 3, out int none));
        Assert.Equal(0, none);

        Assert.Equal("abc" + S + "\r\nde\r\n", LineCutter.Cut("abcdef\r\nde\r\n", 3, out int cut));
        Assert.Equal(1, cut);
    }

    [Fact]
    public void A_carriage_return_inside_a_line_is_content()
    {
        // A progress bar redrawn with '\r' is one long line.
        Assert.Equal("10%" + S + "\n", LineCutter.Cut("10%\r20%\r30%\n", 3, out int cut));
        Assert.Equal(1, cut);
    }

    [Fact]
    public void A_trailing_newline_and_empty_lines_are_preserved()
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
    public void The_default_length_cuts_to_2048_characters()
    {
        string line = new string('x', 3000);
        string result = LineCutter.Cut("start\n" + line + "\nend", HeadTailBuffer.DefaultMaxLineLength, out int cut);
        Assert.Equal("start\n" + new string('x', 2048) + S + "\nend", result);
        Assert.Equal(1, cut);
    }
}
