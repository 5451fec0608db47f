using System.Text;

namespace AgentProc.Output;

/// <summary>
/// Cuts over-long lines (minified JSON, progress bars without newlines, base64 blobs) so a
/// single line cannot flood what the caller reads.
/// </summary>
internal static class LineCutter
{
    public const string Suffix = "... [truncated]";

    /// <summary>
    /// Returns <paramref name="text"/> with every line longer than <paramref name="maxLineLength"/>
    /// UTF-16 characters cut to that length plus <see cref="Suffix"/>. Lines are split on '\n';
    /// a '\r' just before the '\n' is the line ending, not content: it does not count toward
    /// the length and is kept after the suffix so CRLF output stays CRLF. The cut never falls
    /// between the two halves of a surrogate pair (the line is then one character shorter).
    /// Returns the same string instance when no line is too long.
    /// </summary>
    public static string Cut(string text, int maxLineLength, out int linesCut)
    {
        linesCut = 0;
        if (text.Length <= maxLineLength) return text;

        StringBuilder? sb = null;
        int copiedUpTo = 0; // text[..copiedUpTo] is already in sb
        int start = 0;
        while (start <= text.Length)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline;          // exclusive end of the line
            int contentEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;

            if (contentEnd - start > maxLineLength)
            {
                int cut = start + maxLineLength;
                if (char.IsHighSurrogate(text[cut - 1]) && char.IsLowSurrogate(text[cut])) cut--;

                sb ??= new StringBuilder(text.Length);
                sb.Append(text, copiedUpTo, cut - copiedUpTo).Append(Suffix);
                copiedUpTo = contentEnd; // resume at the '\r' / '\n' (or the end of the text)
                linesCut++;
            }

            if (newline < 0) break;
            start = newline + 1;
        }

        if (sb is null) return text;
        sb.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return sb.ToString();
    }
}
