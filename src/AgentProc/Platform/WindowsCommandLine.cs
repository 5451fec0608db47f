using System;
using System.Collections.Generic;
using System.Text;
using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// The command line CreateProcessW gets on Windows: the shell (<c>cmd.exe /d /s /c</c>, pwsh,
/// powershell.exe, bash) with the user's command, or a program with its arguments quoted for the C
/// runtime's parser. The program comes first in quotes, as .NET's Process puts it, and no application
/// name is given, so Windows finds a bare <c>pwsh.exe</c> or <c>bash.exe</c> the way it always did.
/// </summary>
internal static class WindowsCommandLine
{
    public static string For(ChildStartInfo info) =>
        For(info.Command, info.Arguments, info.Shell, Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe", PowerShellExecutables.WindowsPowerShell, info.SeparateStandardError);

    // separateStandardError: stderr has a pipe of its own, so bash does not merge it into stdout.
    internal static string For(string command, IReadOnlyList<string>? arguments, ShellKind shell, string comSpec, string windowsPowerShell, bool separateStandardError = false)
    {
        // A program (Start-AgentProcess -FilePath) with its arguments, each passed as it is.
        if (arguments is not null)
        {
            return Program(command, CommandLine.Join(arguments));
        }

        switch (shell)
        {
            case ShellKind.Default:
            case ShellKind.Cmd:
                // /s: strip the outer quotes only, so the command line reaches cmd as typed.
                return Program(comSpec, "/d /s /c \"" + command + "\"");
            case ShellKind.Pwsh:
                return Program("pwsh.exe", CommandLine.Join(new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command }));
            case ShellKind.PowerShell:
                return Program(windowsPowerShell, CommandLine.Join(new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command }));
            case ShellKind.Bash:
                return Program("bash.exe", CommandLine.Join(new[] { "-c", PosixShellScript.For(command, separateStandardError) }));
            case ShellKind.Sh:
                throw Errors.EngineErrors.ShellUnavailable("Sh", "/bin/sh exists only on Unix. Use Default, Cmd, Bash, Pwsh or PowerShell.");
            default:
                throw Errors.EngineErrors.ShellUnavailable(shell.ToString(), "accepted: Default, Sh, Bash, Cmd, Pwsh, PowerShell.");
        }
    }

    /// <summary>
    /// <paramref name="fileName"/> in quotes (unless it is quoted already), then a space and
    /// <paramref name="arguments"/> when there are any: what .NET's Process passed for a
    /// <c>ProcessStartInfo(fileName, arguments)</c>, so a start reads the same as before.
    /// </summary>
    internal static string Program(string fileName, string arguments)
    {
        var trimmed = fileName.Trim();
        var quoted = trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[trimmed.Length - 1] == '"';
        var builder = new StringBuilder(trimmed.Length + arguments.Length + 3);
        builder.Append(quoted ? trimmed : "\"" + trimmed + "\"");
        if (arguments.Length > 0)
        {
            builder.Append(' ').Append(arguments);
        }

        return builder.ToString();
    }
}
