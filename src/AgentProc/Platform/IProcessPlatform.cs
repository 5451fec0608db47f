using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// The operating-system seam: how a command line becomes a process that leads its own group, how its
/// exit and output are seen, and how a whole group is signalled. Everything else in the engine is
/// platform-neutral.
/// </summary>
internal interface IProcessPlatform
{
    /// <summary>
    /// Starts <paramref name="info"/>'s command through its shell, in the given directory and with
    /// exactly the given environment: stdin reads nothing, stdout and stderr are captured together (or
    /// apart, with <see cref="ChildStartInfo.SeparateStandardError"/>), and
    /// the process leads a group of its own where the platform has groups. Throws an AgentProcException
    /// when the working directory is gone, Win32Exception or IOException when the OS refuses.
    /// </summary>
    IStartedProcess Start(ChildStartInfo info);

    /// <summary>The names of the environment are case-sensitive here (Unix) or not (Windows).</summary>
    bool EnvironmentIsCaseSensitive { get; }
}

/// <summary>One started process as the platform sees it: its exit, its output pipes and its group.</summary>
internal interface IStartedProcess : IDisposable
{
    int Pid { get; }

    /// <summary>The process with every descendant that stayed in its group.</summary>
    IProcessGroup Group { get; }

    /// <summary>
    /// Completes as soon as the process itself has exited (not its pipes), with its exit code: the real
    /// one, 128+N when signal N ended it, -1 when the status could not be read. Continuations never run
    /// on the thread that saw the exit.
    /// </summary>
    Task<int> Exit { get; }

    /// <summary>
    /// Calls <paramref name="observer"/> once with the exit code, on the thread that saw the exit and
    /// before <see cref="Exit"/> completes (at once when it already has). For the engine's own
    /// bookkeeping: it must be quick and must never block.
    /// </summary>
    void OnExit(Action<int> observer);

    /// <summary>When the exit was recorded (<see cref="System.Diagnostics.Stopwatch"/> ticks, just before <see cref="Exit"/> completed); 0 before.</summary>
    long ExitRecordedAt { get; }

    /// <summary>
    /// Reads the output into <paramref name="sinks"/> (stdout's pipe into its sink, stderr's into its own)
    /// until end-of-file or until <paramref name="abandon"/> is cancelled; completes after the last write
    /// to a sink, with the pipes closed. Called once.
    /// </summary>
    Task ReadOutput(OutputSinks sinks, CancellationToken abandon);
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
