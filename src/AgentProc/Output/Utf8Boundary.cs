namespace AgentProc.Output;

/// <summary>
/// Finds where a retained byte range can be cut without splitting a UTF-8 character. The head
/// ends and the tail starts at arbitrary byte positions, so either may fall inside a multi-byte
/// sequence; decoding such a fragment would produce U+FFFD, so the fragment is dropped instead.
/// </summary>
internal static class Utf8Boundary
{
    /// <summary>True for a continuation byte (10xxxxxx).</summary>
    public static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    /// <summary>
    /// The number of bytes a sequence starting with <paramref name="lead"/> should have:
    /// 1 for ASCII, 2 to 4 for a lead byte, 0 for a continuation byte or a byte that can
    /// never start a character (0xF8-0xFF).
    /// </summary>
    public static int SequenceLength(byte lead)
    {
        if (lead < 0x80) return 1;
        if ((lead & 0xE0) == 0xC0) return 2;
        if ((lead & 0xF0) == 0xE0) return 3;
        if ((lead & 0xF8) == 0xF0) return 4;
        return 0;
    }

    /// <summary>
    /// The length of <c>buffer[offset .. offset+count)</c> once an incomplete multi-byte sequence
    /// at its end is removed. A complete final character, ASCII, or bytes that are invalid anyway
    /// (stray continuation bytes, 0xF8-0xFF) are left alone: only a genuine cut-off prefix goes.
    /// </summary>
    public static int TrimIncompleteEnd(byte[] buffer, int offset, int count)
    {
        // A character is at most 4 bytes, so its lead byte is within the last 4 bytes.
        int stop = count > 4 ? count - 4 : 0;
        for (int i = count - 1; i >= stop; i--)
        {
            byte b = buffer[offset + i];
            if (IsContinuation(b)) continue;
            int needed = SequenceLength(b);
            // needed == 0: not a lead byte; it decodes as U+FFFD whatever we do, keep it.
            return needed > 0 && count - i < needed ? i : count;
        }
        return count; // only continuation bytes: nothing here belongs to a cut-off character
    }

    /// <summary>
    /// How many continuation bytes open <c>buffer[offset .. offset+count)</c>: the remains of a
    /// character whose lead byte was not kept. At most 3 are skipped, as no valid character has
    /// more; a longer run is invalid input that would decode to U+FFFD anyway.
    /// </summary>
    public static int LeadingContinuationCount(byte[] buffer, int offset, int count)
    {
        int limit = count < 3 ? count : 3;
        int n = 0;
        while (n < limit && IsContinuation(buffer[offset + n])) n++;
        return n;
    }
}
