namespace AgentProc.Processes;

/// <summary>Where an agent process is in its life.</summary>
public enum AgentProcessState
{
    /// <summary>Started and not yet reported as exited (its output may still be draining).</summary>
    Running,
    /// <summary>Exited, and all of its output was captured (or abandoned after the drain delay).</summary>
    Exited,
}
