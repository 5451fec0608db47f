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
    public static IReadOnlyList<T> Select<T>(IReadOnlyCollection<T> items, IEnumerable<string> names, Func<T, string> nameOf, out IReadOnlyList<string> unmatched)
    {
        var patterns = names.Select(n => new NamePattern(n)).ToArray();
        unmatched = patterns
            .Where(p => !HasWildcards(p.Pattern) && !items.Any(item => p.IsMatch(nameOf(item))))
            .Select(p => p.Pattern)
            .ToArray();
        return items.Where(item => patterns.Any(p => p.IsMatch(nameOf(item)))).ToArray();
    }

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
