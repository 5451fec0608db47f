using System.Collections.Generic;
using AgentProc.Output;

namespace AgentProc.Scripts;

/// <summary>
/// Hears what scripts do as they run. Called from background threads (output readers, timers), never
/// the caller's pipeline thread, possibly for several scripts at once: implementations must be
/// thread-safe and quick (queue the event, do not block), since output reading waits for them.
/// Calls for one script arrive in order: started, its lines, warnings, completed.
/// </summary>
internal interface IScriptObserver
{
    /// <summary>
    /// Whether <see cref="OnOutputLine"/> is wanted at all: when nobody reads the lines, they are
    /// neither split nor queued (the log file and the result keep the output).
    /// </summary>
    bool WantsOutputLines { get; }

    /// <summary>The script's process was started.</summary>
    void OnStarted(string name);

    /// <summary>The script still waits for these scripts to finish (said when it starts waiting, then every few seconds).</summary>
    void OnWaiting(string name, IReadOnlyList<string> waitingFor);

    /// <summary>
    /// One complete output line of <paramref name="stream"/>, without its line ending, decoded as UTF-8
    /// across read boundaries; lines longer than the maximum are cut with <c>... [truncated]</c>.
    /// A last line without a newline is delivered when the script ends. Lines of both streams arrive in
    /// the order they were read.
    /// </summary>
    void OnOutputLine(string name, OutputStream stream, string line);

    /// <summary>Something the user should know that is not an error: a dropped dependency, a pipe left open.</summary>
    void OnWarning(string name, string message);

    /// <summary>The script's run ended (or was skipped or canceled); called as soon as it does, before the run's other scripts end.</summary>
    void OnCompleted(AgentScriptResult result);
}

/// <summary>Observers that need no class of their own.</summary>
internal static class ScriptObserver
{
    /// <summary>Ignores everything.</summary>
    public static IScriptObserver None { get; } = new NoneObserver();

    private sealed class NoneObserver : IScriptObserver
    {
        public bool WantsOutputLines => false;

        public void OnStarted(string name)
        {
        }

        public void OnWaiting(string name, IReadOnlyList<string> waitingFor)
        {
        }

        public void OnOutputLine(string name, OutputStream stream, string line)
        {
        }

        public void OnWarning(string name, string message)
        {
        }

        public void OnCompleted(AgentScriptResult result)
        {
        }
    }
}
