namespace AgentProc.Output;

/// <summary>What one raw read of an <see cref="OutputWindow"/> copied, and where it sits in the output.</summary>
internal readonly struct OutputWindowRead
{
    public OutputWindowRead(long cursor, long start, int count, bool ended)
    {
        Cursor = cursor;
        Start = start;
        Count = count;
        Ended = ended;
    }

    /// <summary>The cursor the read asked for.</summary>
    public long Cursor { get; }

    /// <summary>The cursor of the first byte copied: the cursor asked for, or the window's oldest byte when it had moved past.</summary>
    public long Start { get; }

    /// <summary>How many bytes were copied.</summary>
    public int Count { get; }

    /// <summary>The cursor to read from next.</summary>
    public long Next => Start + Count;

    /// <summary>Bytes between the cursor asked for and the first byte copied: written, but gone from the window.</summary>
    public long Lost => Start - Cursor;

    /// <summary>True when the output has ended and this read reached its last byte.</summary>
    public bool Ended { get; }
}
