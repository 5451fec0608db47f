using System;
using System.Collections.Generic;
using AgentProc.Errors;

namespace AgentProc.Scripts;

/// <summary>
/// Who waits for whom in one run. Names match ignoring case. <c>DependsOn</c> (must succeed) wins
/// over <c>After</c> (must only finish) when a script names the same one in both. A name that is not
/// in the run is kept aside as <see cref="Unknown"/>, to be dropped with a warning; a cycle is refused.
/// </summary>
internal sealed class ScriptDependencyGraph
{
    private ScriptDependencyGraph(int[][] requires, int[][] after, IReadOnlyList<(int Script, string Dependency)> unknown)
    {
        Requires = requires;
        After = after;
        Unknown = unknown;
    }

    /// <summary>For each script, the scripts that must end Ok before it runs.</summary>
    public int[][] Requires { get; }

    /// <summary>For each script, the scripts that must only have ended before it runs.</summary>
    public int[][] After { get; }

    /// <summary>Dependencies on names that are not in the run: the script's index and the name.</summary>
    public IReadOnlyList<(int Script, string Dependency)> Unknown { get; }

    /// <summary>Builds the graph of scripts with unique names. Throws <c>AgentScriptDependencyCycle</c> naming the cycle.</summary>
    public static ScriptDependencyGraph Build(IReadOnlyList<ScriptDefinition> scripts)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < scripts.Count; i++)
        {
            index[scripts[i].Name] = i;
        }

        var requires = new int[scripts.Count][];
        var after = new int[scripts.Count][];
        var unknown = new List<(int, string)>();
        for (var i = 0; i < scripts.Count; i++)
        {
            var required = Resolve(i, scripts[i].DependsOn, index, unknown, exclude: null);
            requires[i] = required.ToArray();
            after[i] = Resolve(i, scripts[i].After, index, unknown, exclude: required).ToArray();
        }

        var cycle = FindCycle(scripts, requires, after);
        if (cycle != null)
        {
            throw EngineErrors.ScriptDependencyCycle(cycle);
        }

        return new ScriptDependencyGraph(requires, after, unknown);
    }

    private static List<int> Resolve(int script, IReadOnlyList<string>? names, Dictionary<string, int> index, List<(int, string)> unknown, List<int>? exclude)
    {
        var result = new List<int>();
        if (names is null)
        {
            return result;
        }

        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            if (!index.TryGetValue(name.Trim(), out var target))
            {
                if (!unknown.Contains((script, name)))
                {
                    unknown.Add((script, name));
                }
            }
            else if (!result.Contains(target) && (exclude is null || !exclude.Contains(target)))
            {
                result.Add(target);
            }
        }

        return result;
    }

    // Depth-first search with three colours; a grey node met again closes a cycle, which is read back
    // from the stack, e.g. "a -> b -> a".
    private static List<string>? FindCycle(IReadOnlyList<ScriptDefinition> scripts, int[][] requires, int[][] after)
    {
        var state = new byte[scripts.Count]; // 0 unseen, 1 on the stack, 2 done
        var stack = new List<int>();
        for (var start = 0; start < scripts.Count; start++)
        {
            var cycle = Visit(start);
            if (cycle != null)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(int node)
        {
            if (state[node] == 2)
            {
                return null;
            }

            if (state[node] == 1)
            {
                var from = stack.IndexOf(node);
                var names = new List<string>();
                for (var i = from; i < stack.Count; i++)
                {
                    names.Add(scripts[stack[i]].Name);
                }

                names.Add(scripts[node].Name);
                return names;
            }

            state[node] = 1;
            stack.Add(node);
            foreach (var next in Edges(node))
            {
                var cycle = Visit(next);
                if (cycle != null)
                {
                    return cycle;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }

        IEnumerable<int> Edges(int node)
        {
            foreach (var next in requires[node])
            {
                yield return next;
            }

            foreach (var next in after[node])
            {
                yield return next;
            }
        }
    }
}
