using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace AgentProc.Platform;

/// <summary>
/// The operating-system seam: how a command line becomes a process that leads its own group, and
/// how a whole group is signalled. Everything else in the engine is platform-neutral.
/// </summary>
internal interface IProcessPlatform
{
    /// <summary>
    /// The start info that runs <paramref name="command"/> through <paramref name="shell"/> so that
    /// the started process can be signalled with all of its descendants. Standard output and error
    /// are redirected; the caller sets the directory and environment.
    /// </summary>
    ProcessStartInfo CreateStartInfo(string command, ShellKind shell);

    /// <summary>
    /// The start info that runs <paramref name="program"/> (an absolute path) with <paramref name="arguments"/>,
    /// each passed to it as it is, without a shell, so that it too leads its own group. Standard output and
    /// error are redirected (two pipes: without a shell nothing joins them); the caller sets the directory and environment.
    /// </summary>
    ProcessStartInfo CreateProgramStartInfo(string program, IReadOnlyList<string> arguments);

    /// <summary>Takes hold of the group that the just-started <paramref name="process"/> leads.</summary>
    IProcessGroup AttachGroup(Process process);

    /// <summary>The names of the environment are case-sensitive here (Unix) or not (Windows).</summary>
    bool EnvironmentIsCaseSensitive { get; }
}

/// <summary>A started process together with every descendant that stayed in its group.</summary>
internal interface IProcessGroup : IDisposable
{
    /// <summary>Sends <paramref name="signal"/> to every process in the group. False when none is left.</summary>
    bool Signal(ProcessSignal signal);

    /// <summary>Sends SIGCONT, so that a stopped group acts on the signal it was just sent (Unix only).</summary>
    void Continue();

    /// <summary>Whether any process of the group is still alive (the leader or a descendant).</summary>
    bool IsAlive { get; }
}
