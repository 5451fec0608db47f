using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentProc.Processes;

/// <summary>
/// PowerShell's wildcard rules without System.Management.Automation: <c>*</c>, <c>?</c>, <c>[abc]</c>,
/// <c>[a-z]</c>, and the backtick escaping the next character; case-insensitive, whole-name match.
/// </summary>
internal sealed class NamePattern
{
    private readonly Regex regex;

    public NamePattern(string pattern)
    {
        Pattern = pattern;
        regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Pattern { get; }

    public static bool HasWildcards(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '`':
                    i++;
                    break;
                case '*':
                case '?':
                case '[':
                    return true;
            }
        }

        return false;
    }

    public bool IsMatch(string name) => regex.IsMatch(name);

    /// <summary>
    /// The items whose name matches any of <paramref name="names"/>, in their order, and the names
    /// without wildcards that matched nothing (Get-Job's rule: those are "not found" errors, while a
    /// wildcard that matches nothing is simply empty).
    /// </summary>
    /// <remarks>
    /// A name that is exactly some item's name (ignoring case) selects just the items of that name, as
    /// written, wildcard characters and all: <c>[x]</c> finds the one named <c>[x]</c>, not one named
    /// <c>x</c>, so a name piped from an object always finds that object, and every command that takes
    /// names (Get- and Unregister-AgentScript, the process commands) agrees on what a name selects.
    /// </remarks>
    public static IReadOnlyList<T> Select<T>(IReadOnlyCollection<T> items, IEnumerable<string> names, Func<T, string> nameOf, out IReadOnlyList<string> unmatched)
    {
        var matchers = names.Select(name => (Name: name, Matches: Matcher(name, items.Any(item => IsSameName(nameOf(item), name))))).ToArray();
        unmatched = matchers
            .Where(m => !HasWildcards(m.Name) && !items.Any(item => m.Matches(nameOf(item))))
            .Select(m => m.Name)
            .ToArray();
        return items.Where(item => matchers.Any(m => m.Matches(nameOf(item)))).ToArray();
    }

    private static Func<string, bool> Matcher(string name, bool isSomeItemsName) =>
        isSomeItemsName ? candidate => IsSameName(candidate, name) : new NamePattern(name).IsMatch;

    private static bool IsSameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    builder.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        builder.Append(@"\[");
                        break;
                    }

                    var set = pattern.Substring(i + 1, close - i - 1).Replace(@"\", @"\\").Replace("^", @"\^");
                    builder.Append('[').Append(set).Append(']');
                    i = close;
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return builder.Append('$').ToString();
    }
}
