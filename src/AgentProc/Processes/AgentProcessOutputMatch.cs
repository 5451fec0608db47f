using System;
using System.Text.RegularExpressions;

namespace AgentProc.Processes;

/// <summary>
/// The line of a process's output that matched what Wait-AgentProcess -Until waited for, and the
/// match itself (groups included). It carries the process's InstanceId, so it pipes on to the
/// process cmdlets.
/// </summary>
public sealed class AgentProcessOutputMatch
{
    internal AgentProcessOutputMatch(AgentProcess process, Regex pattern, string line, Match match, long cursor)
    {
        Process = process;
        Id = process.Id;
        InstanceId = process.InstanceId;
        Name = process.Name;
        Pattern = pattern.ToString();
        Line = line;
        Match = match;
        Cursor = cursor;
    }

    /// <summary>The process whose output matched.</summary>
    public AgentProcess Process { get; }

    public int Id { get; }

    public Guid InstanceId { get; }

    public string Name { get; }

    /// <summary>The regular expression waited for.</summary>
    public string Pattern { get; }

    /// <summary>The whole line that matched (the line in progress, when a prompt without a newline matched).</summary>
    public string Line { get; }

    /// <summary>The text that matched.</summary>
    public string Value => Match.Value;

    /// <summary>The match's groups, by number or name: <c>$m.Groups['port'].Value</c>.</summary>
    public GroupCollection Groups => Match.Groups;

    public Match Match { get; }

    /// <summary>The byte offset just after the matched line: Receive-AgentProcessOutput -Since reads on from there.</summary>
    public long Cursor { get; }

    public override string ToString() => Line;
}
