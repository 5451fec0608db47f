namespace AgentProc.Scripts;

/// <summary>Why a script ran, as in the agent this module descends from.</summary>
public enum AgentScriptStage
{
    /// <summary>A start-up script.</summary>
    Start,
    /// <summary>A shut-down script.</summary>
    Stop,
    /// <summary>Fired by a cron schedule.</summary>
    Cron,
    /// <summary>Run by hand (Invoke-AgentScript's default).</summary>
    Manual,
}
