using System;

namespace AgentProc.Processes;

/// <summary>How a supervised child ended.</summary>
/// <param name="ExitCode">The real exit code; 128+N when killed by signal N; -1 when unreadable.</param>
/// <param name="ExitedAt">When the process itself exited (not when its pipes closed).</param>
/// <param name="PipesLeftOpen">
/// True when a descendant still held the output pipe when the drain delay after the exit passed:
/// the readers were abandoned, and the output is what was captured until then.
/// </param>
internal sealed record ChildExit(int ExitCode, DateTimeOffset ExitedAt, bool PipesLeftOpen)
{
    public string? SignalName => ExitCodes.SignalName(ExitCode);
}
