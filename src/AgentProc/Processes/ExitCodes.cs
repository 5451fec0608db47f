namespace AgentProc.Processes;

/// <summary>
/// How exit codes are read. A process killed by signal N reports 128+N, as shells do (and as .NET
/// reports it on Unix); an exit that cannot be read reports -1.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The code reported when the exit status could not be read.</summary>
    public const int Unknown = -1;

    // Linux numbering; the common ones (HUP INT QUIT ABRT KILL PIPE ALRM TERM) are the same on macOS.
    private static readonly string?[] SignalNames =
    {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    /// <summary>
    /// The name of the signal that an exit code of 128+N stands for (<c>SIGKILL</c> for 137), or null
    /// when the code is an ordinary exit status.
    /// </summary>
    public static string? SignalName(int exitCode)
    {
        var signal = exitCode - 128;
        return signal > 0 && signal < SignalNames.Length ? SignalNames[signal] : null;
    }

    /// <summary>The exit code a shell reports for a process killed by signal <paramref name="signal"/>: 128+N.</summary>
    public static int FromSignal(int signal) => 128 + signal;
}
