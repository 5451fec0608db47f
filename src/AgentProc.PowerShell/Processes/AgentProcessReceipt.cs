using System;

namespace AgentProc.Processes;

/// <summary>
/// What the session remembers of a process started with an idempotency key after the process itself
/// was forgotten (removed, or past the retention period): enough for a retried start to learn that the
/// work already ran and how it ended, instead of running it twice.
/// </summary>
public sealed class AgentProcessReceipt
{
    internal AgentProcessReceipt(AgentProcess process, DateTimeOffset forgottenAt, DateTimeOffset rememberedUntil)
    {
        Id = process.Id;
        InstanceId = process.InstanceId;
        Name = process.Name;
        Command = process.Command;
        IdempotencyKey = process.IdempotencyKey!;
        State = process.State;
        ExitCode = process.ExitCode;
        Signal = process.Signal;
        TimedOut = process.TimedOut;
        StartedAt = process.StartedAt;
        ExitedAt = process.ExitedAt;
        ForgottenAt = forgottenAt;
        RememberedUntil = rememberedUntil;
        Fingerprint = process.Fingerprint;
    }

    /// <summary>The id the process had in the session.</summary>
    public int Id { get; }

    public Guid InstanceId { get; }

    public string Name { get; }

    public string Command { get; }

    public string IdempotencyKey { get; }

    /// <summary>The state when it was forgotten: Exited, unless it was removed with -Force while running.</summary>
    public AgentProcessState State { get; }

    public int? ExitCode { get; }

    public string? Signal { get; }

    public bool TimedOut { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? ExitedAt { get; }

    /// <summary>When the process was removed or pruned from the session's list.</summary>
    public DateTimeOffset ForgottenAt { get; }

    /// <summary>Until when a start with the same key returns this receipt.</summary>
    public DateTimeOffset RememberedUntil { get; }

    internal string Fingerprint { get; }

    public override string ToString() => $"{Id}: {Name} (receipt, exit code {ExitCode})";
}
