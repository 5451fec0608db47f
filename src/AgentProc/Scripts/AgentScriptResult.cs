using System;

namespace AgentProc.Scripts;

/// <summary>The outcome of one script run: what Invoke-AgentScript writes and a schedule's history keeps.</summary>
public sealed class AgentScriptResult
{
    public AgentScriptResult(string name, AgentScriptStatus status, AgentScriptStage stage)
    {
        Name = name;
        Status = status;
        Stage = stage;
    }

    public string Name { get; }

    public AgentScriptStatus Status { get; }

    public AgentScriptStage Stage { get; }

    /// <summary>The exit code (128+N when ended by signal N); null when the script never ran.</summary>
    public int? ExitCode { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public TimeSpan? Duration => StartedAt is { } start && EndedAt is { } end ? end - start : null;

    /// <summary>The script's log file (its combined output); null when it never ran.</summary>
    public string? LogPath { get; init; }

    /// <summary>Why the run is not Ok, in words: the skipped dependency, the timeout, the held pipe...</summary>
    public string? Reason { get; init; }

    /// <summary>The end of the script's output (bounded head+tail, as for processes).</summary>
    public string? Output { get; init; }

    /// <summary>True when the status is <see cref="AgentScriptStatus.Ok"/>.</summary>
    public bool Succeeded => Status == AgentScriptStatus.Ok;

    public override string ToString() => $"{Name}: {Status}";
}
