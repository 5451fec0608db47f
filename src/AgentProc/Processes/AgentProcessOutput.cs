using AgentProc.Output;

namespace AgentProc.Processes;

/// <summary>
/// A snapshot of one process's combined output, with the facts of what was kept: the whole output
/// when it fits the buffer, else its head, a marker <c>... [omitted N bytes] ...</c> and its tail.
/// </summary>
public sealed class AgentProcessOutput : AgentProcessOutputBase
{
    internal AgentProcessOutput(AgentProcess process, AgentProcessState state, int? exitCode, OutputSnapshot snapshot)
        : base(process, state, exitCode, snapshot.Text)
    {
        OriginalBytes = snapshot.OriginalBytes;
        RetainedBytes = snapshot.RetainedBytes;
        OmittedBytes = snapshot.OmittedBytes;
        Truncated = snapshot.Truncated;
        Strategy = snapshot.Strategy;
        LinesCut = snapshot.LinesCut;
    }

    /// <summary>Every byte the process wrote.</summary>
    public long OriginalBytes { get; }

    /// <summary>The bytes kept in the buffer (head and tail).</summary>
    public long RetainedBytes { get; }

    /// <summary>The bytes that were written but not kept.</summary>
    public long OmittedBytes { get; }

    /// <summary>True when bytes were omitted or long lines were cut.</summary>
    public bool Truncated { get; }

    /// <summary><c>none</c> when all of the output fits; <c>head_tail</c> otherwise.</summary>
    public string Strategy { get; }

    /// <summary>How many lines were longer than the limit and cut.</summary>
    public int LinesCut { get; }
}
