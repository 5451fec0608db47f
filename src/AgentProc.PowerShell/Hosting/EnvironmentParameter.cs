using System;
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
            var key = Unwrap(entry.Key)?.ToString() ?? string.Empty;
            var value = Unwrap(entry.Value);
            if (value != null && !IsScalar(value))
            {
                throw Errors.EngineErrors.EnvironmentValueNotScalar(key, value is IEnumerable ? "list" : value.GetType().Name);
            }

            // Names are checked by the engine (empty, '=', NUL) with every other input.
            result[key] = value is null ? null : System.Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    // One value an environment variable can hold: text, a number, a flag, a date... not an array, a
    // hashtable or an object, whose string form ("System.Object[]") nobody means.
    private static bool IsScalar(object value) =>
        value is string or char or bool or decimal or DateTime or DateTimeOffset or Guid or TimeSpan || value.GetType().IsPrimitive || value.GetType().IsEnum;
}
