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

    public string Command { get; }

    /// <summary>An absolute path to an existing directory.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The child's whole environment (nothing is inherited beyond it).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public ShellKind Shell { get; init; }

    /// <summary>How long to keep reading after the exit before abandoning pipes a descendant holds.</summary>
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the group gets between SIGTERM and SIGKILL if the watchdog must end it.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
