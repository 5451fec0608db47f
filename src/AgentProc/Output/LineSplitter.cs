using System;
using System.Text;

namespace AgentProc.Output;

/// <summary>
/// Turns a stream of output bytes into lines as they arrive. One UTF-8 decoder lives across writes,
/// so a character split between two reads is decoded whole. A line is delivered at its '\n', without
/// the '\n' or a '\r' just before it; a line longer than the maximum is cut to it with
/// <see cref="LineCutter.Suffix"/>, and its excess is dropped as it arrives, so memory stays bounded
/// however long the line (a progress bar redrawn with '\r' never ends). Not thread-safe: the caller
/// serialises writes.
/// </summary>
internal sealed class LineSplitter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Decoder decoder = Utf8.GetDecoder();
    private readonly StringBuilder line = new();
    private readonly int maxLineLength;
    private readonly Action<string> onLine;
    private char[] chars = new char[256];
    private bool pendingReturn;
    private bool overflow;

    public LineSplitter(int maxLineLength, Action<string> onLine)
    {
        this.maxLineLength = maxLineLength;
        this.onLine = onLine;
    }

    /// <summary>
    /// The line received so far and not yet ended by a '\n' (already cut to the maximum): what a prompt
    /// such as <c>Password: </c> looks like while the process waits.
    /// </summary>
    public string Pending => line.ToString();

    public void Write(byte[] buffer, int offset, int count)
    {
        // An upper bound, not a count: counting would decode everything twice. The bytes a split
        // character left in the decoder (at most 3) can add characters of their own.
        var needed = Utf8.GetMaxCharCount(count + 3);
        if (chars.Length < needed)
        {
            chars = new char[Math.Max(needed, chars.Length * 2)];
        }

        var decoded = decoder.GetChars(buffer, offset, count, chars, 0, flush: false);
        Consume(decoded);
    }

    /// <summary>Delivers what is left at the end of the output: bytes of an incomplete character (as U+FFFD) and a last line without '\n'.</summary>
    public void Flush()
    {
        var decoded = decoder.GetChars(Array.Empty<byte>(), 0, 0, chars, 0, flush: true);
        Consume(decoded);

        // A lone '\r' at the very end ends the line; it is not content.
        pendingReturn = false;
        if (line.Length > 0 || overflow)
        {
            Emit();
        }
    }

    private void Consume(int count)
    {
        var i = 0;
        while (i < count)
        {
            var c = chars[i];
            if (c == '\n')
            {
                // "\r\n" is one line ending: the '\r' held back is dropped, and never counted as length.
                pendingReturn = false;
                Emit();
                i++;
                continue;
            }

            if (pendingReturn)
            {
                pendingReturn = false;
                Append('\r');
            }

            if (c == '\r')
            {
                pendingReturn = true;
                i++;
                continue;
            }

            // The run of ordinary characters up to the next line ending goes in at once.
            var end = i + 1;
            while (end < count && chars[end] != '\n' && chars[end] != '\r')
            {
                end++;
            }

            Append(i, end - i);
            i = end;
        }
    }

    private void Append(char c)
    {
        if (line.Length < maxLineLength)
        {
            line.Append(c);
        }
        else
        {
            overflow = true;
        }
    }

    // chars[start .. start+length) without line endings: what fits under the maximum, the rest dropped.
    private void Append(int start, int length)
    {
        var room = maxLineLength - line.Length;
        if (room >= length)
        {
            line.Append(chars, start, length);
            return;
        }

        if (room > 0)
        {
            line.Append(chars, start, room);
        }

        overflow = true;
    }

    private void Emit()
    {
        if (overflow)
        {
            // Never end a cut line on half of a surrogate pair.
            if (line.Length > 0 && char.IsHighSurrogate(line[line.Length - 1]))
            {
                line.Length--;
            }

            line.Append(LineCutter.Suffix);
        }

        var text = line.ToString();
        line.Clear();
        overflow = false;
        onLine(text);
    }
}
