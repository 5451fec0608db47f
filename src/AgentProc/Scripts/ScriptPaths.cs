using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AgentProc.Scripts;

/// <summary>
/// How the paths a user gives are read: <c>~</c> is the home directory, environment variables are
/// expanded, and a relative path is under a base directory (the caller's directory, or the log directory).
/// </summary>
internal static class ScriptPaths
{
    /// <summary>The log file of script <paramref name="name"/>: its own <paramref name="logPath"/> read as above, or the default in <paramref name="logDirectory"/>.</summary>
    public static string LogFile(string name, string? logPath, string logDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (logPath is null)
        {
            return Path.Combine(logDirectory, "agentproc-script-" + ScriptNames.Sanitize(name) + ".log");
        }

        // Variables first: a variable may itself hold "~/...".
        var expanded = ExpandVariables(logPath, environment);
        return Resolve(expanded, logDirectory, Home(environment));
    }

    /// <summary><paramref name="path"/> with <c>~</c> expanded, made absolute against <paramref name="baseDirectory"/>.</summary>
    public static string Resolve(string path, string baseDirectory, string? home)
    {
        var expanded = ExpandHome(path, home);
        return Path.GetFullPath(Path.IsPathRooted(expanded) ? expanded : Path.Combine(baseDirectory, expanded));
    }

    /// <summary>A leading <c>~</c> alone or before a separator becomes <paramref name="home"/>; <c>~user</c> is left alone (no lookup of other users).</summary>
    public static string ExpandHome(string path, string? home)
    {
        if (string.IsNullOrEmpty(home) || path.Length == 0 || path[0] != '~')
        {
            return path;
        }

        var trimmed = home!.TrimEnd('/', Path.DirectorySeparatorChar);
        if (path.Length == 1)
        {
            return trimmed.Length > 0 ? trimmed : home;
        }

        return path[1] == '/' || path[1] == Path.DirectorySeparatorChar ? trimmed + path.Substring(1) : path;
    }

    /// <summary>
    /// Expands <c>$VAR</c>, <c>${VAR}</c> and <c>%VAR%</c> from <paramref name="environment"/>. A variable that is
    /// not set is left as written (not emptied), so a typo shows up in the path instead of silently
    /// moving the file to the root directory.
    /// </summary>
    public static string ExpandVariables(string text, IReadOnlyDictionary<string, string> environment)
    {
        if (text.IndexOf('$') < 0 && text.IndexOf('%') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '$' && TryDollar(text, i, environment, out var value, out var length))
            {
                builder.Append(value);
                i += length;
            }
            else if (c == '%' && TryPercent(text, i, environment, out value, out length))
            {
                builder.Append(value);
                i += length;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        return builder.ToString();
    }

    /// <summary>The home directory: the environment's HOME (USERPROFILE on Windows), else the .NET user profile.</summary>
    public static string? Home(IReadOnlyDictionary<string, string>? environment)
    {
        if (environment != null)
        {
            if (environment.TryGetValue("HOME", out var home) && home.Length > 0)
            {
                return home;
            }

            if (environment.TryGetValue("USERPROFILE", out home) && home.Length > 0)
            {
                return home;
            }
        }

        var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return profile.Length > 0 ? profile : null;
    }

    private static bool TryDollar(string text, int start, IReadOnlyDictionary<string, string> environment, out string value, out int length)
    {
        value = string.Empty;
        length = 0;
        if (start + 1 < text.Length && text[start + 1] == '{')
        {
            var close = text.IndexOf('}', start + 2);
            if (close < 0)
            {
                return false;
            }

            var name = text.Substring(start + 2, close - start - 2);
            length = close - start + 1;
            return IsName(name) && environment.TryGetValue(name, out value!);
        }

        var end = start + 1;
        if (end < text.Length && IsNameStart(text[end]))
        {
            end++;
            while (end < text.Length && IsNamePart(text[end]))
            {
                end++;
            }
        }

        length = end - start;
        return length > 1 && environment.TryGetValue(text.Substring(start + 1, length - 1), out value!);
    }

    private static bool TryPercent(string text, int start, IReadOnlyDictionary<string, string> environment, out string value, out int length)
    {
        value = string.Empty;
        length = 0;
        var close = text.IndexOf('%', start + 1);
        if (close < 0)
        {
            return false;
        }

        var name = text.Substring(start + 1, close - start - 1);
        length = close - start + 1;

        // Windows names may hold parentheses (ProgramFiles(x86)); never a separator or a space.
        return name.Length > 0 && name.IndexOfAny(new[] { '/', '\\', ' ' }) < 0 && environment.TryGetValue(name, out value!);
    }

    private static bool IsName(string name)
    {
        if (name.Length == 0 || !IsNameStart(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNamePart(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameStart(char c) => c == '_' || (c < 128 && char.IsLetter(c));

    private static bool IsNamePart(char c) => c == '_' || (c < 128 && char.IsLetterOrDigit(c));
}
