namespace AgentProc.Platform;

/// <summary>
/// The signals the engine sends to a process group, numbered as on Linux. The numbers of Hangup,
/// Interrupt, Quit, Kill and Terminate are the same on macOS; User1 and User2 are mapped there
/// (<see cref="SignalNames.Native"/>). Any other signal number can be sent as a value of this type too.
/// </summary>
public enum ProcessSignal
{
    /// <summary>SIGHUP (1): used for script timeouts, because shells that ignore SIGINT between commands still honour it; daemons often reload on it.</summary>
    Hangup = 1,
    /// <summary>SIGINT (2): what Ctrl+C sends; many servers stop gracefully on it.</summary>
    Interrupt = 2,
    /// <summary>SIGQUIT (3): quit, often with a core dump or a thread dump.</summary>
    Quit = 3,
    /// <summary>SIGKILL (9): cannot be caught.</summary>
    Kill = 9,
    /// <summary>SIGUSR1 (10 on Linux, 30 on macOS): application-defined.</summary>
    User1 = 10,
    /// <summary>SIGUSR2 (12 on Linux, 31 on macOS): application-defined.</summary>
    User2 = 12,
    /// <summary>SIGTERM (15): the polite default.</summary>
    Terminate = 15,
}
