using AgentProc.Output;

namespace AgentProc.Processes;

/// <summary>
/// The output one process wrote after a cursor: the new text, the cursor to read from next, and how
/// many bytes in between were written but are gone from the recent-output window. Read it again from
/// <see cref="NextCursor"/> to get only what is new since.
/// </summary>
public sealed class AgentProcessOutputChunk : AgentProcessOutputBase
{
    internal AgentProcessOutputChunk(AgentProcess process, AgentProcessState state, int? exitCode, OutputChunk chunk)
        : base(process, state, exitCode, chunk.Text)
    {
        Cursor = chunk.Cursor;
        NextCursor = chunk.NextCursor;
        OmittedBytes = chunk.OmittedBytes;
        LinesCut = chunk.LinesCut;
        Complete = chunk.Ended;
    }

    /// <summary>The byte offset the read started from.</summary>
    public long Cursor { get; }

    /// <summary>The byte offset to read from next: everything before it was returned, or omitted.</summary>
    public long NextCursor { get; }

    /// <summary>Bytes after <see cref="Cursor"/> that the window no longer held (it keeps the last 64 KiB).</summary>
    public long OmittedBytes { get; }

    /// <summary>How many lines were longer than the limit and cut.</summary>
    public int LinesCut { get; }

    /// <summary>True when the process has exited and <see cref="NextCursor"/> is the end of its output.</summary>
    public bool Complete { get; }
}
