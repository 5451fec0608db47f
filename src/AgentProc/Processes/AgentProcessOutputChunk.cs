using System;
using AgentProc.Output;

namespace AgentProc.Processes;

/// <summary>
/// The output one process wrote after a cursor: the new text, the cursor to read from next, and how
/// many bytes in between were written but are gone from the recent-output window. Read it again from
/// <see cref="NextCursor"/> to get only what is new since.
/// </summary>
public sealed class AgentProcessOutputChunk
{
    internal AgentProcessOutputChunk(AgentProcess process, AgentProcessState state, int? exitCode, OutputChunk chunk)
    {
        Id = process.Id;
        InstanceId = process.InstanceId;
        Name = process.Name;
        State = state;
        ExitCode = exitCode;
        Output = chunk.Text;
        Cursor = chunk.Cursor;
        NextCursor = chunk.NextCursor;
        OmittedBytes = chunk.OmittedBytes;
        LinesCut = chunk.LinesCut;
        Complete = chunk.Ended;
    }

    public int Id { get; }

    public Guid InstanceId { get; }

    public string Name { get; }

    /// <summary>The process's state when the output was read.</summary>
    public AgentProcessState State { get; }

    public int? ExitCode { get; }

    /// <summary>What the process wrote after <see cref="Cursor"/>, decoded as UTF-8, over-long lines cut.</summary>
    public string Output { get; }

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

    /// <summary>The lines of <see cref="Output"/>.</summary>
    public string[] Lines => Output.Length == 0 ? Array.Empty<string>() : Output.TrimEnd('\n').Split('\n');

    public override string ToString() => Output;
}
