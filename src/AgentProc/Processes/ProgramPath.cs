using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using AgentProc.Errors;
using AgentProc.Platform;

namespace AgentProc.Processes;

/// <summary>
/// Finds the program <c>Start-AgentProcess -FilePath</c> runs, before anything starts, so a typo is a
/// clear error instead of a child that fails to exec. A path (it holds a directory separator) is taken
/// relative to the caller's directory; a bare name is looked up in the child's own PATH, as exec does,
/// so the session's script bin directory (first on it) counts. On Windows a name without an extension
/// also tries each PATHEXT extension.
/// </summary>
internal static class ProgramPath
{
    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static string Find(string program, string callerDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (HasDirectory(program))
        {
            var full = Path.GetFullPath(Path.Combine(callerDirectory, program));
            if (Directory.Exists(full) || (File.Exists(full) && !IsRunnable(full)))
            {
                throw EngineErrors.ProgramNotRunnable(full);
            }

            return File.Exists(full) ? full : throw EngineErrors.ProgramNotFound(program, full);
        }

        var path = environment.FirstOrDefault(p => string.Equals(p.Key, "PATH", IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)).Value ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator))
        {
            // An empty entry means the current directory to some shells: not a place to find programs by surprise.
            if (directory.Length == 0 || !Path.IsPathRooted(directory))
            {
                continue;
            }

            foreach (var candidate in Candidates(Path.Combine(directory, program), environment))
            {
                if (File.Exists(candidate) && IsRunnable(candidate))
                {
                    return candidate;
                }
            }
        }

        throw EngineErrors.ProgramNotFound(program, null);
    }

    private static bool HasDirectory(string program) =>
        program.IndexOf('/') >= 0 || (IsWindows && (program.IndexOf('\\') >= 0 || Path.IsPathRooted(program)));

    private static bool IsRunnable(string file) => IsWindows || UnixNative.Access(file, UnixNative.X_OK) == 0;

    private static IEnumerable<string> Candidates(string file, IReadOnlyDictionary<string, string> environment)
    {
        yield return file;
        if (!IsWindows || Path.HasExtension(file))
        {
            yield break;
        }

        var extensions = environment.FirstOrDefault(p => string.Equals(p.Key, "PATHEXT", StringComparison.OrdinalIgnoreCase)).Value ?? ".COM;.EXE;.BAT;.CMD";
        foreach (var extension in extensions.Split(';').Where(e => e.Length > 0))
        {
            yield return file + extension;
        }
    }
}
