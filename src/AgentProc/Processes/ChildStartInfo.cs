using System;
using System.Collections.Generic;
using AgentProc.Platform;

namespace AgentProc.Processes;

/// <summary>Everything needed to launch one child: already validated and resolved.</summary>
internal sealed class ChildStartInfo
{
    public ChildStartInfo(string command, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        Command = command;
        WorkingDirectory = workingDirectory;
        Environment = environment;
    }

    /// <summary>The shell command line; or, with <see cref="Arguments"/>, the absolute path of the program to run without a shell.</summary>
    public string Command { get; }

    /// <summary>Null: <see cref="Command"/> runs through <see cref="Shell"/>. Set: the program's arguments, each passed as it is.</summary>
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>An absolute path to an existing directory.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The child's whole environment (nothing is inherited beyond it).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public ShellKind Shell { get; init; }

    /// <summary>
    /// False (processes): stderr shares stdout's pipe, so the two arrive in the order they were written.
    /// True (scripts): stderr gets a pipe of its own, read into <see cref="Output.OutputSinks.Stderr"/>,
    /// so each line can say which stream it came from; lines written to both within the same moment
    /// then arrive in the order they are read.
    /// </summary>
    public bool SeparateStandardError { get; init; }

    /// <summary>How long to keep reading after the exit before abandoning pipes a descendant holds.</summary>
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the group gets between SIGTERM and SIGKILL if the watchdog must end it.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
