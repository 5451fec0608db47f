using System;
using AgentProc.Output;

namespace AgentProc.Processes;

/// <summary>
/// A snapshot of one process's combined output, with the facts of what was kept: the whole output
/// when it fits the buffer, else its head, a marker <c>... [omitted N bytes] ...</c> and its tail.
/// </summary>
public sealed class AgentProcessOutput
{
    internal AgentProcessOutput(AgentProcess process, AgentProcessState state, int? exitCode, OutputSnapshot snapshot)
    {
        Id = process.Id;
        InstanceId = process.InstanceId;
        Name = process.Name;
        State = state;
        ExitCode = exitCode;
        Output = snapshot.Text;
        OriginalBytes = snapshot.OriginalBytes;
        RetainedBytes = snapshot.RetainedBytes;
        OmittedBytes = snapshot.OmittedBytes;
        Truncated = snapshot.Truncated;
        Strategy = snapshot.Strategy;
        LinesCut = snapshot.LinesCut;
    }

    public int Id { get; }

    public Guid InstanceId { get; }

    public string Name { get; }

    /// <summary>The process's state when the snapshot was taken; Exited means the output is complete.</summary>
    public AgentProcessState State { get; }

    public int? ExitCode { get; }

    /// <summary>stdout and stderr together, in arrival order, decoded as UTF-8.</summary>
    public string Output { get; }

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

    /// <summary>The lines of <see cref="Output"/>, for piping to Select-String and friends.</summary>
    public string[] Lines => Output.Length == 0 ? Array.Empty<string>() : Output.TrimEnd('\n').Split('\n');

    public override string ToString() => Output;
}
