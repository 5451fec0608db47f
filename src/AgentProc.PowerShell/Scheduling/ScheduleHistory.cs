using System;
using System.Collections.Generic;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>
/// The results of scheduled runs, for all schedules together, bounded so a session that runs a
/// schedule every second for weeks keeps a fixed amount of memory: the oldest result goes first.
/// </summary>
internal sealed class ScheduleHistory
{
    private readonly object sync = new();
    private readonly Queue<AgentScriptResult> results = new();

    public ScheduleHistory(int capacity)
    {
        Capacity = capacity;
    }

    public int Capacity { get; }

    public void Add(AgentScriptResult result)
    {
        lock (sync)
        {
            results.Enqueue(result);
            while (results.Count > Capacity)
                results.Dequeue();
        }
    }

    /// <summary>Newest first; only the named schedule's results (names are not case-sensitive) when a name is given.</summary>
    public IReadOnlyList<AgentScriptResult> Snapshot(string? name)
    {
        var list = new List<AgentScriptResult>();
        lock (sync)
        {
            foreach (var result in results)
            {
                if (name is null || string.Equals(result.Name, name, StringComparison.OrdinalIgnoreCase))
                    list.Add(result);
            }
        }

        list.Reverse();
        return list;
    }
}
