using System;
using System.Diagnostics;
using System.IO;
using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// Unix. Where it can (Linux 5.4+, glibc 2.29+), the shell is started by one <c>posix_spawn</c> as a
/// session leader with every signal at its default and an empty mask, and its exit is seen through a
/// pidfd (<see cref="SpawnedProcess"/>). Elsewhere, or when <c>AGENTPROC_START_PATH=fallback</c>, it is
/// started by <see cref="Process"/> behind the wrapper that <see cref="UnixFallbackWrapper"/> picks.
/// Standard error goes where standard output goes (one pipe on the spawn path, and <c>exec 2&gt;&amp;1</c>
/// in the shell on both) so that the two arrive in the order they were written; unless the start asks
/// for them apart (<see cref="ChildStartInfo.SeparateStandardError"/>: scripts), when each has its pipe.
/// </summary>
internal sealed class UnixProcessPlatform : IProcessPlatform
{
    private readonly bool signalGroupsThroughPidfd = true;

    /// <summary>The spawn path where the machine supports it, unless the environment forces the fallback.</summary>
    public UnixProcessPlatform()
    {
        StartPath = UnixStartPaths.Choose(out var reason);
        FallbackReason = reason;
    }

    /// <summary>A given path; the spawn path throws NotSupportedException where the machine lacks it.</summary>
    /// <param name="path">The start path.</param>
    /// <param name="signalGroupsThroughPidfd">
    /// False makes the spawn path signal groups as on kernels before 6.9 (kill(-N) with session anchors), so
    /// that tests cover that rule here too.
    /// </param>
    public UnixProcessPlatform(UnixStartPath path, bool signalGroupsThroughPidfd = true)
    {
        this.signalGroupsThroughPidfd = signalGroupsThroughPidfd;
        if (path == UnixStartPath.Spawn && SpawnSupport.Unsupported is { } reason)
        {
            throw new NotSupportedException("The spawn path cannot serve here: " + reason + ".");
        }

        StartPath = path;
        FallbackReason = path == UnixStartPath.Fallback ? "chosen by the caller" : null;
    }

    public bool EnvironmentIsCaseSensitive => true;

    public UnixStartPath StartPath { get; }

    /// <summary>Why the fallback serves (null on the spawn path).</summary>
    public string? FallbackReason { get; }

    public IStartedProcess Start(ChildStartInfo info)
    {
        // A program (Start-AgentProcess -FilePath) runs as it is, each argument passed unchanged;
        // a command runs through the shell.
        var argv = info.Arguments is { } arguments ? ProgramArguments(info.Command, arguments) : ShellArguments(info.Command, info.Shell, info.SeparateStandardError);
        if (StartPath == UnixStartPath.Spawn)
        {
            return SpawnedProcess.Start(argv, info, signalGroupsThroughPidfd);
        }

        var wrapper = UnixFallbackWrapper.Shared;
        return DotNetStartedProcess.Start(wrapper.CreateStartInfo(argv), info, process => new UnixProcessGroup(process.Id, wrapper.MakesGroups));
    }

    private static string[] ProgramArguments(string program, System.Collections.Generic.IReadOnlyList<string> arguments)
    {
        var argv = new string[arguments.Count + 1];
        argv[0] = program;
        for (var i = 0; i < arguments.Count; i++)
        {
            argv[i + 1] = arguments[i];
        }

        return argv;
    }

    private static string[] ShellArguments(string command, ShellKind shell, bool separateStandardError)
    {
        var merged = PosixShellScript.For(command, separateStandardError);
        switch (shell)
        {
            case ShellKind.Default:
            case ShellKind.Sh:
                return new[] { "/bin/sh", "-c", merged };
            case ShellKind.Bash:
                return new[] { FindOnPath("bash") ?? throw Errors.EngineErrors.ShellUnavailable("Bash", "bash was not found on PATH."), "-c", merged };
            case ShellKind.Pwsh:
                return new[] { FindOnPath("pwsh") ?? throw Errors.EngineErrors.ShellUnavailable("Pwsh", "pwsh was not found on PATH."), "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command };
            case ShellKind.Cmd:
                throw Errors.EngineErrors.ShellUnavailable("Cmd", "cmd.exe exists only on Windows. Use Default, Sh, Bash or Pwsh.");
            case ShellKind.PowerShell:
                throw Errors.EngineErrors.ShellUnavailable("PowerShell", "Windows PowerShell (powershell.exe) exists only on Windows. Use Pwsh for PowerShell 7.");
            default:
                throw Errors.EngineErrors.ShellUnavailable(shell.ToString(), "accepted: Default, Sh, Bash, Cmd, Pwsh, PowerShell.");
        }
    }

    internal static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator))
        {
            if (directory.Length == 0)
            {
                continue;
            }

            // Absolute: the spawn path changes directory before it execs.
            var candidate = Path.GetFullPath(Path.Combine(directory, name));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
