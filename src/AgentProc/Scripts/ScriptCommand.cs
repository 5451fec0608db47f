using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using AgentProc.Platform;

namespace AgentProc.Scripts;

/// <summary>
/// The shell command line that runs a script. Script text runs as <c>/bin/sh -c &lt;text&gt;</c>.
/// A script file runs through a command built with every path single-quoted (a <c>'</c> inside
/// becomes <c>'\''</c>), so no name can be read as shell syntax:
/// an executable file is exec-ed directly (the kernel honours its <c>#!</c> line);
/// a file that is not executable but starts with <c>#!</c> runs through that interpreter (and its one
/// optional argument, as Linux reads the line);
/// any other file runs with <c>/bin/sh &lt;file&gt;</c>.
/// <c>exec</c> makes the script itself the group leader the runner signals, and its exit code the result's.
/// Arguments follow the file, each single-quoted the same way, or become the text's positional
/// parameters through a <c>set --</c> line before it.
/// On Windows the text or file goes to <c>cmd.exe</c>; a <c>.ps1</c> file runs in PowerShell (see <see cref="ForWindowsFile"/>).
/// </summary>
internal static class ScriptCommand
{
    private const int ShebangBytes = 256;

    public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>The shell that runs the command: <c>/bin/sh</c> on Unix, the platform shell on Windows.</summary>
    public static ShellKind Shell => IsWindows ? ShellKind.Default : ShellKind.Sh;

    /// <summary>The text as it is; with arguments, a <c>set --</c> line first makes them its $1, $2, ...</summary>
    public static string ForText(string text, IReadOnlyList<string>? arguments = null)
    {
        if (arguments is not { Count: > 0 })
        {
            return text;
        }

        if (IsWindows)
        {
            throw Errors.EngineErrors.ScriptTextArgumentsUnsupported();
        }

        return "set --" + QuotedList(arguments) + "\n" + text;
    }

    public static string ForFile(string path, IReadOnlyList<string>? arguments = null)
    {
        var rest = arguments is { Count: > 0 } ? QuotedList(arguments) : string.Empty;
        if (IsWindows)
        {
            return ForWindowsFile(path, PowerShellExecutables.Current()) + rest;
        }

        if (UnixNative.Access(path, UnixNative.X_OK) == 0)
        {
            return "exec " + Quote(path) + rest;
        }

        var shebang = ReadShebang(path);
        if (shebang is { } line)
        {
            var separator = line.IndexOfAny(new[] { ' ', '\t' });
            var interpreter = separator < 0 ? line : line.Substring(0, separator);
            var argument = separator < 0 ? string.Empty : line.Substring(separator + 1).Trim();
            return "exec " + Quote(interpreter) + (argument.Length > 0 ? " " + Quote(argument) : string.Empty) + " " + Quote(path) + rest;
        }

        return "exec /bin/sh " + Quote(path) + rest;
    }

    // Each argument quoted for the shell that reads the line, with a space before each.
    private static string QuotedList(IReadOnlyList<string> arguments)
    {
        var builder = new StringBuilder();
        foreach (var argument in arguments)
        {
            // cmd.exe has no escape inside quotes; a doubled quote is what batch files read back as one.
            builder.Append(' ').Append(IsWindows ? "\"" + argument.Replace("\"", "\"\"") + "\"" : Quote(argument));
        }

        return builder.ToString();
    }

    /// <summary>
    /// The cmd.exe line for a script file on Windows. A <c>.ps1</c> runs in PowerShell
    /// (<paramref name="powerShell"/>: powershell.exe under 5.1, pwsh under 7) with <c>-File</c>, so its
    /// exit code is the result's; `call` would hand it to the file association (Notepad, by default).
    /// Other files (<c>.cmd</c>, <c>.bat</c>, executables) are `call`ed, so a batch file's <c>exit /b</c> code is kept.
    /// </summary>
    internal static string ForWindowsFile(string path, string powerShell)
    {
        if (path.EndsWith(".ps1", System.StringComparison.OrdinalIgnoreCase))
        {
            // Bypass: the user chose this file to run, as `pwsh -File` from a prompt would; the machine's
            // policy would otherwise refuse every unsigned script where it is RemoteSigned or stricter.
            return "\"" + powerShell + "\" -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File \"" + path + "\"";
        }

        return "call \"" + path + "\"";
    }

    /// <summary>Single-quotes <paramref name="value"/> for /bin/sh: nothing inside single quotes is special but the quote itself.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    // The interpreter named by a "#!" first line, or null when there is none (or the file cannot be read:
    // then /bin/sh reports the problem in the script's own output).
    private static string? ReadShebang(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new byte[ShebangBytes];
            var read = 0;
            int n;
            while (read < bytes.Length && (n = stream.Read(bytes, read, bytes.Length - read)) > 0)
            {
                read += n;
            }

            if (read < 2 || bytes[0] != '#' || bytes[1] != '!')
            {
                return null;
            }

            var text = Encoding.UTF8.GetString(bytes, 2, read - 2);
            var end = text.IndexOf('\n');
            var line = (end < 0 ? text : text.Substring(0, end)).Trim();
            return line.Length > 0 ? line : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (System.UnauthorizedAccessException)
        {
            return null;
        }
    }
}
