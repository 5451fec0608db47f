using System;
using System.Collections;
using System.Collections.Generic;

namespace AgentProc.Processes;

/// <summary>
/// Layers a child's environment: inherited, then the session defaults, then the per-call entries;
/// the last writer wins and a null value removes the variable.
/// </summary>
internal static class EnvironmentBuilder
{
    public static Dictionary<string, string> Build(
        IDictionary inherited,
        IReadOnlyDictionary<string, string?>? sessionDefaults,
        IReadOnlyDictionary<string, string?>? perCall,
        bool caseSensitive)
    {
        var result = new Dictionary<string, string>(caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in inherited)
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        Apply(result, sessionDefaults);
        Apply(result, perCall);
        return result;
    }

    private static void Apply(Dictionary<string, string> target, IReadOnlyDictionary<string, string?>? layer)
    {
        if (layer is null)
        {
            return;
        }

        foreach (var pair in layer)
        {
            if (pair.Value is null)
            {
                target.Remove(pair.Key);
            }
            else
            {
                target[pair.Key] = pair.Value;
            }
        }
    }
}
