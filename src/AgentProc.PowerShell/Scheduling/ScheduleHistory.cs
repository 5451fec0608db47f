using System;
using System.Collections.Generic;
using System.Linq;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>
/// The results of scheduled runs, bounded per schedule name, so a schedule that fires every second keeps
/// its own last results without pushing out anyone else's. Names are not case-sensitive, like schedule
/// names. A name with no schedule left (unregistered, its last run recorded) is retired: its results
/// stay readable, for the most recently retired names only, so registering and unregistering new names
/// for weeks keeps memory bounded too.
/// </summary>
internal sealed class ScheduleHistory
{
    private readonly object sync = new();
    private readonly Dictionary<string, Queue<(long Sequence, AgentScriptResult Result)>> byName = new(StringComparer.OrdinalIgnoreCase);
    // Retired names, the longest retired first.
    private readonly List<string> retired = new();
    // Orders results across names, for the newest-first listing of all of them.
    private long sequence;

    public ScheduleHistory(int capacity, int retiredKept)
    {
        Capacity = capacity;
        RetiredKept = retiredKept;
    }

    /// <summary>The most results kept per schedule name.</summary>
    public int Capacity { get; }

    /// <summary>How many retired names keep their results.</summary>
    public int RetiredKept { get; }

    public void Add(AgentScriptResult result)
    {
        lock (sync)
        {
            if (!byName.TryGetValue(result.Name, out var results))
                byName[result.Name] = results = new Queue<(long, AgentScriptResult)>();
            results.Enqueue((++sequence, result));
            while (results.Count > Capacity)
                results.Dequeue();
        }
    }

    /// <summary>The name has no schedule left: its results are kept among the most recently retired, the oldest dropped.</summary>
    public void Retire(string name)
    {
        lock (sync)
        {
            if (!byName.ContainsKey(name))
                return;
            RemoveRetired(name);
            retired.Add(name);
            while (retired.Count > RetiredKept)
            {
                byName.Remove(retired[0]);
                retired.RemoveAt(0);
            }
        }
    }

    /// <summary>A schedule has the name again: its results are no longer at risk of being dropped.</summary>
    public void Revive(string name)
    {
        lock (sync)
        {
            RemoveRetired(name);
        }
    }

    /// <summary>Newest first; only the named schedule's results (names are not case-sensitive) when a name is given.</summary>
    public IReadOnlyList<AgentScriptResult> Snapshot(string? name)
    {
        lock (sync)
        {
            if (name is not null)
                return byName.TryGetValue(name, out var results) ? results.Reverse().Select(r => r.Result).ToList() : new List<AgentScriptResult>();

            return byName.Values
                .SelectMany(r => r)
                .OrderByDescending(r => r.Sequence)
                .Select(r => r.Result)
                .ToList();
        }
    }

    private void RemoveRetired(string name)
    {
        var index = retired.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
            retired.RemoveAt(index);
    }
}
