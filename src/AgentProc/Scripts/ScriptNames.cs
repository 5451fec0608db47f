using System;
using System.Globalization;
using System.Text;

namespace AgentProc.Scripts;

/// <summary>Turns a script name into a safe file-name part (for its log file and data directory).</summary>
internal static class ScriptNames
{
    private const int MaxLength = 100;

    /// <summary>
    /// Letters, digits, '.', '_' and '-' are kept; anything else (a '/', a space, a quote) becomes '_'
    /// and a leading '.' is prefixed with '_' so that "..", or a hidden name, cannot come out. When
    /// anything had to change, a short hash of the original name is appended, so two names that
    /// differ only in such characters ("a b" and "a_b") still get different files.
    /// </summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? c : '_');
        }

        if (builder.Length == 0 || builder[0] == '.')
        {
            builder.Insert(0, '_');
        }

        var changed = builder.Length != name.Length || builder.ToString() != name;
        if (builder.Length > MaxLength)
        {
            builder.Length = MaxLength;
            changed = true;
        }

        return changed ? builder.Append('-').Append(Hash(name)).ToString() : name;
    }

    // FNV-1a over the UTF-16 code units: stable across runs and platforms (string.GetHashCode is not).
    private static string Hash(string text)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return hash.ToString("x8", CultureInfo.InvariantCulture);
        }
    }
}
