using System;
using System.Collections;
using System.Collections.Generic;
using AgentProc.Platform;

namespace AgentProc.Processes;

/// <summary>What a caller asks to start. Validated by <see cref="ProcessManager.Start"/>.</summary>
internal sealed class ProcessStartRequest
{
    public ProcessStartRequest(string command)
    {
        Command = command;
    }

    public string Command { get; }

    /// <summary>Absolute, or relative to <see cref="CallerDirectory"/>; null: the session default, else the caller's directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The caller's current directory ($PWD for a cmdlet); null: the .NET current directory.</summary>
    public string? CallerDirectory { get; init; }

    /// <summary>Per-call entries, applied last; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The inherited environment; null: <see cref="System.Environment.GetEnvironmentVariables()"/> now.</summary>
    public IDictionary? InheritedEnvironment { get; init; }

    /// <summary>Null: derived from the command (its first word).</summary>
    public string? Name { get; init; }

    public bool Background { get; init; }

    /// <summary>The process group is killed when this passes. Null: no deadline.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The command this start is made for: what is logged on its behalf is also handed to it.</summary>
    public Sessions.ILogTarget? LogTarget { get; init; }

    /// <summary>The first signal when the deadline passes (then the grace period, then SIGKILL); Terminate by default.</summary>
    public Platform.ProcessSignal TimeoutSignal { get; init; } = Platform.ProcessSignal.Terminate;

    public string? IdempotencyKey { get; init; }

    public ShellKind Shell { get; init; }
}
