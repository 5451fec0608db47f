using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AgentProc.Platform;

/// <summary>
/// The child's environment as CreateProcessW takes it with CREATE_UNICODE_ENVIRONMENT: <c>name=value</c>
/// strings, each ended by a NUL, sorted by name without regard to case or culture (as Windows requires
/// and as .NET's Process sorts them), and the block ended by one more NUL.
/// </summary>
internal static class WindowsEnvironmentBlock
{
    // Case-insensitive first, as Windows orders names; ordinal after, so that two names differing only
    // in case (possible only in a case-sensitive dictionary) still come in one fixed order.
    private static readonly IComparer<string> NameOrder = Comparer<string>.Create((a, b) =>
    {
        var order = StringComparer.OrdinalIgnoreCase.Compare(a, b);
        return order != 0 ? order : StringComparer.Ordinal.Compare(a, b);
    });

    public static string Build(IReadOnlyDictionary<string, string> environment)
    {
        var builder = new StringBuilder();
        foreach (var name in environment.Keys.OrderBy(name => name, NameOrder))
        {
            builder.Append(name).Append('=').Append(environment[name]).Append('\0');
        }

        if (builder.Length == 0)
        {
            // An empty block is still two NULs: an empty list, then its end.
            builder.Append('\0');
        }

        return builder.Append('\0').ToString();
    }
}
