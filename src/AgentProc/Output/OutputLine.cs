namespace AgentProc.Output;

/// <summary>
/// One line of followed output, without its line ending, or a gap: the marker line
/// <c>... [omitted N bytes] ...</c> where the window moved past bytes before they were read.
/// </summary>
internal readonly struct OutputLine
{
    private OutputLine(string text, long cursor, long omittedBytes)
    {
        Text = text;
        Cursor = cursor;
        OmittedBytes = omittedBytes;
    }

    /// <summary>The line, or for a gap the marker line.</summary>
    public string Text { get; }

    /// <summary>The cursor just after this line's '\n' (after the gap, for a gap): where reading goes on from it.</summary>
    public long Cursor { get; }

    /// <summary>For a gap, the bytes that were skipped; 0 for a line.</summary>
    public long OmittedBytes { get; }

    public bool IsGap => OmittedBytes > 0;

    public static OutputLine Of(string text, long cursor) => new(text, cursor, 0);

    public static OutputLine Gap(long omittedBytes, long cursor) => new(OutputSnapshot.OmittedMarker(omittedBytes), cursor, omittedBytes);

    public override string ToString() => Text;
}
