using System;

namespace AgentProc.Output;

/// <summary>The end of an output, for an error message: what a process printed just before it failed is usually why.</summary>
internal static class OutputTail
{
    public const int DefaultLines = 10;
    public const int DefaultChars = 2000;

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="text"/>, at most <paramref name="maxChars"/> characters of them; a trailing newline is dropped.</summary>
    public static string Last(string text, int lines = DefaultLines, int maxChars = DefaultChars)
    {
        var end = text.Length;
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        {
            end--;
        }

        var start = end;
        for (var found = 0; start > 0; start--)
        {
            if (text[start - 1] == '\n' && ++found == lines)
            {
                break;
            }
        }

        if (end - start > maxChars)
        {
            // Keep whole lines where one fits; else the end of the one line that is too long.
            var cut = end - maxChars;
            var newline = text.IndexOf('\n', cut, end - cut);
            start = newline >= 0 ? newline + 1 : cut;
            if (start < end && char.IsLowSurrogate(text[start]))
            {
                start++;
            }
        }

        return text.Substring(start, end - start);
    }
}
