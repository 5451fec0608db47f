using System;
using System.Collections.Generic;
using System.Linq;
using AgentProc.Errors;

namespace AgentProc.Processes;

/// <summary>What a selection found, and an error for each thing asked for that does not exist.</summary>
internal sealed class ProcessSelectionResult
{
    public ProcessSelectionResult(IReadOnlyList<AgentProcess> processes, IReadOnlyList<AgentProcException> errors)
    {
        Processes = processes;
        Errors = errors;
    }

    public IReadOnlyList<AgentProcess> Processes { get; }

    public IReadOnlyList<AgentProcException> Errors { get; }
}

/// <summary>
/// Picks processes from the session's list the way Get-Job does: by ids, instance ids or names
/// (wildcards allowed), then by state. An id, instance id or wildcard-free name that matches
/// nothing is an ObjectNotFound error; a wildcard that matches nothing is simply empty.
/// </summary>
internal static class ProcessSelection
{
    public static ProcessSelectionResult Select(
        IReadOnlyList<AgentProcess> all,
        IReadOnlyCollection<int>? ids = null,
        IReadOnlyCollection<Guid>? instanceIds = null,
        IReadOnlyCollection<string>? names = null,
        IReadOnlyCollection<AgentProcessState>? states = null)
    {
        var errors = new List<AgentProcException>();
        IEnumerable<AgentProcess> chosen = all;
        if (ids is { Count: > 0 })
        {
            errors.AddRange(ids.Where(id => all.All(p => p.Id != id)).Select(EngineErrors.ProcessNotFound));
            chosen = chosen.Where(p => ids.Contains(p.Id));
        }

        if (instanceIds is { Count: > 0 })
        {
            errors.AddRange(instanceIds.Where(id => all.All(p => p.InstanceId != id)).Select(EngineErrors.ProcessNotFound));
            chosen = chosen.Where(p => instanceIds.Contains(p.InstanceId));
        }

        if (names is { Count: > 0 })
        {
            var named = new HashSet<AgentProcess>(NamePattern.Select(all, names, p => p.Name, out var unmatched));
            errors.AddRange(unmatched.Select(EngineErrors.ProcessNotFound));
            chosen = chosen.Where(named.Contains);
        }

        if (states is { Count: > 0 })
        {
            chosen = chosen.Where(p => states.Contains(p.State));
        }

        return new ProcessSelectionResult(chosen.ToArray(), errors);
    }
}
