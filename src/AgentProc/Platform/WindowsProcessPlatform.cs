using System;
using System.Collections.Generic;
using System.Diagnostics;
using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// Windows: the shell is <c>cmd.exe /d /s /c</c> (or pwsh, powershell.exe, bash), and the started process is put in
/// a Job Object that also holds every child it starts, so "the whole group" is the job. Windows has
/// no SIGTERM for arbitrary processes: every signal terminates the job (exit code 128+signal, so
/// callers see the same numbers as on Unix). A child started in the moment between the start and
/// the assignment to the job escapes it; this is the documented limit of assigning after start.
/// </summary>
internal sealed class WindowsProcessPlatform : IProcessPlatform
{
    public bool EnvironmentIsCaseSensitive => false;

    public IStartedProcess Start(ChildStartInfo info) =>
        DotNetStartedProcess.Start(
            info.Arguments is { } arguments ? CreateProgramStartInfo(info.Command, arguments) : CreateStartInfo(info.Command, info.Shell, info.SeparateStandardError),
            info,
            process => new WindowsJobGroup(process));

    private static ProcessStartInfo CreateStartInfo(string command, ShellKind shell, bool separateStandardError)
    {
        string fileName;
        string arguments;
        switch (shell)
        {
            case ShellKind.Default:
            case ShellKind.Cmd:
                fileName = Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe";
                // /s: strip the outer quotes only, so the command line reaches cmd as typed.
                arguments = "/d /s /c \"" + command + "\"";
                break;
            case ShellKind.Pwsh:
                fileName = "pwsh.exe";
                arguments = CommandLine.Join(new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command });
                break;
            case ShellKind.PowerShell:
                fileName = PowerShellExecutables.WindowsPowerShell;
                arguments = CommandLine.Join(new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command });
                break;
            case ShellKind.Bash:
                fileName = "bash.exe";
                arguments = CommandLine.Join(new[] { "-c", separateStandardError ? command : "exec 2>&1\n" + command });
                break;
            case ShellKind.Sh:
                throw Errors.EngineErrors.ShellUnavailable("Sh", "/bin/sh exists only on Unix. Use Default, Cmd, Bash, Pwsh or PowerShell.");
            default:
                throw Errors.EngineErrors.ShellUnavailable(shell.ToString(), "accepted: Default, Sh, Bash, Cmd, Pwsh, PowerShell.");
        }

        return new ProcessStartInfo(fileName, arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
    }

    // A program (Start-AgentProcess -FilePath) with its arguments, quoted for the C runtime's parser.
    private static ProcessStartInfo CreateProgramStartInfo(string program, IReadOnlyList<string> arguments) =>
        new(program, CommandLine.Join(arguments))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
}
