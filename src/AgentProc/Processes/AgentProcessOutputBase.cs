using System;

namespace AgentProc.Processes;

/// <summary>
/// What every read of a process's output says: which process, its state and exit code at the moment
/// of the read, and the text read. <see cref="AgentProcessOutput"/> is a whole snapshot;
/// <see cref="AgentProcessOutputChunk"/> is what came after a cursor.
/// </summary>
public abstract class AgentProcessOutputBase
{
    private protected AgentProcessOutputBase(AgentProcess process, AgentProcessState state, int? exitCode, string output)
    {
        Id = process.Id;
        InstanceId = process.InstanceId;
        Name = process.Name;
        State = state;
        ExitCode = exitCode;
        Output = output;
    }

    public int Id { get; }

    public Guid InstanceId { get; }

    public string Name { get; }

    /// <summary>The process's state when the output was read; Exited means the output is complete.</summary>
    public AgentProcessState State { get; }

    public int? ExitCode { get; }

    /// <summary>stdout and stderr together, in arrival order, decoded as UTF-8, over-long lines cut.</summary>
    public string Output { get; }

    /// <summary>The lines of <see cref="Output"/>, for piping to Select-String and friends.</summary>
    public string[] Lines => Output.Length == 0 ? Array.Empty<string>() : Output.TrimEnd('\n').Split('\n');

    public override string ToString() => Output;
}
