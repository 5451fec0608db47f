using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace AgentProc.Hosting;

/// <summary>Turns a -Environment hashtable into entries: values become strings, and $null removes the variable.</summary>
internal static class EnvironmentParameter
{
    public static IReadOnlyDictionary<string, string?>? From(IDictionary? table)
    {
        if (table is null)
        {
            return null;
        }

        var result = new Dictionary<string, string?>();
        foreach (DictionaryEntry entry in table)
        {
            var key = Unwrap(entry.Key)?.ToString();
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }

            var value = Unwrap(entry.Value);
            result[key!] = value is null ? null : System.Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
