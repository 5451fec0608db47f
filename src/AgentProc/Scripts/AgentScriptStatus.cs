namespace AgentProc.Scripts;

/// <summary>How one script run ended.</summary>
public enum AgentScriptStatus
{
    /// <summary>Exited with code 0.</summary>
    Ok,
    /// <summary>Exited with a non-zero code (or was ended by a signal it was not sent by us).</summary>
    ExitFailure,
    /// <summary>Passed its timeout: interrupted (SIGHUP), then killed after the grace period if needed.</summary>
    TimedOut,
    /// <summary>Exited, but a child it started still held its output pipe after the delay.</summary>
    PipesLeftOpen,
    /// <summary>Not run: a dependency it requires did not succeed, or a run of it was still going (cron overlap).</summary>
    Skipped,
    /// <summary>Stopped by the caller (Ctrl+C) or by the session closing, or never started because of it.</summary>
    Canceled,
}
