namespace AgentProc.Output;

/// <summary>
/// The output after a cursor, decoded: the text, the cursor to read from next, and how many bytes
/// between the two were written but not shown (the window had moved past them). Immutable.
/// </summary>
internal sealed class OutputChunk
{
    public OutputChunk(string text, long cursor, long nextCursor, long omittedBytes, int linesCut, bool ended)
    {
        Text = text;
        Cursor = cursor;
        NextCursor = nextCursor;
        OmittedBytes = omittedBytes;
        LinesCut = linesCut;
        Ended = ended;
    }

    /// <summary>The new output decoded as UTF-8, over-long lines cut.</summary>
    public string Text { get; }

    /// <summary>The cursor the read asked for.</summary>
    public long Cursor { get; }

    /// <summary>Where the next read starts: just after the last byte of <see cref="Text"/>.</summary>
    public long NextCursor { get; }

    /// <summary>Bytes after <see cref="Cursor"/> that are not in <see cref="Text"/> because the window moved past them.</summary>
    public long OmittedBytes { get; }

    /// <summary>How many lines of <see cref="Text"/> were cut to the maximum line length.</summary>
    public int LinesCut { get; }

    /// <summary>True when the output has ended and <see cref="NextCursor"/> is its end: nothing more will come.</summary>
    public bool Ended { get; }
}
