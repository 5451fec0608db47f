namespace AgentProc.Platform;

/// <summary>The signals the engine sends to a process group. Their numbers are the same on Linux and macOS.</summary>
public enum ProcessSignal
{
    /// <summary>SIGHUP (1): used for script timeouts, because shells that ignore SIGINT between commands still honour it.</summary>
    Hangup = 1,
    /// <summary>SIGINT (2).</summary>
    Interrupt = 2,
    /// <summary>SIGKILL (9): cannot be caught.</summary>
    Kill = 9,
    /// <summary>SIGTERM (15): the polite default.</summary>
    Terminate = 15,
}
