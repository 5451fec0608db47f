using System.Threading;

namespace AgentProc.Scripts;

/// <summary>
/// The session's script tallies. Rule: a run counts as <see cref="Executed"/> when the runner tried to
/// start it, and then as exactly one of <see cref="Succeeded"/> (status Ok) or <see cref="Failed"/>
/// (ExitFailure, TimedOut, PipesLeftOpen, or a start the system refused), so
/// Executed = Succeeded + Failed. Skipped and Canceled runs count in neither (a run canceled while
/// running was stopped by the caller, not failed by the script); they have their own tallies.
/// Thread-safe; the values only grow.
/// </summary>
public sealed class ScriptCounters
{
    private long succeeded;
    private long failed;
    private long skipped;
    private long canceled;

    /// <summary>Runs that executed to an outcome of their own: <see cref="Succeeded"/> + <see cref="Failed"/>.</summary>
    public long Executed => Succeeded + Failed;

    public long Succeeded => Interlocked.Read(ref succeeded);

    public long Failed => Interlocked.Read(ref failed);

    /// <summary>Runs not started because a required dependency did not succeed (or a cron run overlapped).</summary>
    public long Skipped => Interlocked.Read(ref skipped);

    /// <summary>Runs stopped or never started because of a cancellation or the session closing.</summary>
    public long Canceled => Interlocked.Read(ref canceled);

    public override string ToString() => $"Executed {Executed} (Succeeded {Succeeded}, Failed {Failed}), Skipped {Skipped}, Canceled {Canceled}";

    /// <summary>A copy that no longer changes: what <c>Get-AgentSession</c> hands out, so before/after comparisons work.</summary>
    internal ScriptCounters Snapshot() => new()
    {
        succeeded = Succeeded,
        failed = Failed,
        skipped = Skipped,
        canceled = Canceled,
    };

    internal void Count(AgentScriptStatus status)
    {
        switch (status)
        {
            case AgentScriptStatus.Ok:
                Interlocked.Increment(ref succeeded);
                break;
            case AgentScriptStatus.Skipped:
                Interlocked.Increment(ref skipped);
                break;
            case AgentScriptStatus.Canceled:
                Interlocked.Increment(ref canceled);
                break;
            default:
                Interlocked.Increment(ref failed);
                break;
        }
    }
}
