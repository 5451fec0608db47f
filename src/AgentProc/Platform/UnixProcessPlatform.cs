using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// Unix: the shell runs under <c>setsid</c>. .NET forks the child, which is not a group leader,
/// so <c>setsid</c> makes a new session in place and execs the shell: the pid is kept and the group
/// id equals it, so <c>kill(-pid, sig)</c> reaches every descendant that did not leave the group.
/// macOS has no <c>setsid</c> command; there <c>perl -e 'setpgrp'</c> makes the group instead, and
/// where neither exists the shell runs in our group and signals reach only the shell itself.
/// Standard error is folded into standard output by the shell (<c>exec 2&gt;&amp;1</c>) so that the
/// two arrive in the order they were written.
/// </summary>
internal sealed class UnixProcessPlatform : IProcessPlatform
{
    private static readonly string[] SetsidPaths = { "/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid" };
    private static readonly string[] PerlPaths = { "/usr/bin/perl", "/bin/perl", "/usr/local/bin/perl" };

    private readonly string? setsid = FirstExisting(SetsidPaths);
    private readonly string? perl = FirstExisting(PerlPaths);

    public bool EnvironmentIsCaseSensitive => true;

    /// <summary>Whether started processes lead their own group (false only without setsid and perl).</summary>
    public bool HasProcessGroups => setsid != null || perl != null;

    public ProcessStartInfo CreateStartInfo(string command, ShellKind shell) => InNewGroup(ShellArguments(command, shell));

    /// <summary>The program runs under setsid (or perl) like the shell does, with no shell between: setsid execs it in place.</summary>
    public ProcessStartInfo CreateProgramStartInfo(string program, IReadOnlyList<string> arguments)
    {
        var argv = new string[arguments.Count + 1];
        argv[0] = program;
        for (var i = 0; i < arguments.Count; i++)
        {
            argv[i + 1] = arguments[i];
        }

        return InNewGroup(argv);
    }

    // argv run as the leader of a new process group: through setsid, else perl's setpgrp, else as it is.
    private ProcessStartInfo InNewGroup(string[] argv)
    {
        string fileName;
        string[] prefix;
        if (setsid != null)
        {
            fileName = setsid;
            prefix = Array.Empty<string>();
        }
        else if (perl != null)
        {
            fileName = perl;
            prefix = new[] { "-e", "setpgrp(0, 0); exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";" };
        }
        else
        {
            fileName = argv[0];
            prefix = Array.Empty<string>();
            var rest = new string[argv.Length - 1];
            Array.Copy(argv, 1, rest, 0, rest.Length);
            argv = rest;
        }

        var arguments = new string[prefix.Length + argv.Length];
        prefix.CopyTo(arguments, 0);
        argv.CopyTo(arguments, prefix.Length);
        return new ProcessStartInfo(fileName, CommandLine.Join(arguments))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
    }

    public IProcessGroup AttachGroup(Process process) => new UnixProcessGroup(process.Id, HasProcessGroups);

    private static string[] ShellArguments(string command, ShellKind shell)
    {
        // The newline (not ';') keeps the user's text a separate line: a syntax error in it is still
        // reported through the merged stream, and `exec 2>&1` itself cannot fail.
        var merged = "exec 2>&1\n" + command;
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

            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FirstExisting(string[] paths)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return null;
        }

        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
