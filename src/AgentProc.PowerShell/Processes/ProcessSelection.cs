using System;
using System.Collections.Generic;
using System.Globalization;
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
            // `Stop-AgentProcess 1` binds the string '1' to -Name; a whole number that is no process's
            // name means the id, as the user who typed it meant.
            var numeric = names.Where(n => IsIdNotName(all, n)).ToArray();
            var matched = new HashSet<AgentProcess>();
            foreach (var id in numeric.Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture)))
            {
                var byId = all.FirstOrDefault(p => p.Id == id);
                if (byId is null)
                {
                    errors.Add(EngineErrors.ProcessNotFound(id));
                }
                else
                {
                    matched.Add(byId);
                }
            }

            var patterns = names.Except(numeric).ToArray();
            if (patterns.Length > 0)
            {
                matched.UnionWith(NamePattern.Select(all, patterns, p => p.Name, out var unmatched));
                errors.AddRange(unmatched.Select(EngineErrors.ProcessNotFound));
            }

            chosen = chosen.Where(matched.Contains);
        }

        if (states is { Count: > 0 })
        {
            chosen = chosen.Where(p => states.Contains(p.State));
        }

        return new ProcessSelectionResult(chosen.ToArray(), errors);
    }

    /// <summary>
    /// The piped process objects that belong to this session. An object from another runspace, from
    /// before the module was imported again, or one already forgotten is an error and is left alone:
    /// acting on this session's process with the same Id would hit the wrong process.
    /// </summary>
    public static ProcessSelectionResult Members(IReadOnlyList<AgentProcess> all, IEnumerable<AgentProcess> objects)
    {
        var members = new HashSet<AgentProcess>(all);
        var chosen = new List<AgentProcess>();
        var errors = new List<AgentProcException>();
        foreach (var process in objects)
        {
            if (members.Contains(process))
            {
                chosen.Add(process);
            }
            else
            {
                errors.Add(EngineErrors.ProcessNotInSession(process, process.Id, process.Name, process.InstanceId));
            }
        }

        return new ProcessSelectionResult(chosen, errors);
    }

    private static bool IsIdNotName(IReadOnlyList<AgentProcess> all, string name) =>
        name.Length > 0 && name.Length <= 9 && name.All(c => c is >= '0' and <= '9') && all.All(p => p.Name != name);
}
