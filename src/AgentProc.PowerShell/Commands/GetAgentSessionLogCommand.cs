using System.Linq;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Processes;
using AgentProc.Sessions;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Reads the session log: process exits, cron runs and other background events.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AgentSessionLog")]
[OutputType(typeof(AgentSessionLogEntry))]
public sealed class GetAgentSessionLogCommand : AgentCmdlet
{
    /// <summary>Only the last N entries.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Tail { get; set; }

    /// <summary>Only entries at this level or above (Trace, Debug, Information, Warning, Error, Critical).</summary>
    [Parameter]
    public AgentLogLevel MinimumLevel { get; set; } = AgentLogLevel.Trace;

    /// <summary>Only entries of these categories (Processes, Scripts, Scheduler, Session); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.SessionLogCategoryCompleter))]
    public string[]? Category { get; set; }

    protected override void Process()
    {
        var patterns = Category?.Select(c => new NamePattern(c)).ToArray();
        var entries = Session.Log.Read()
            .Where(e => e.Level >= MinimumLevel)
            .Where(e => patterns is null || patterns.Any(p => p.IsMatch(e.Category)))
            .ToArray();
        if (Tail is { } tail && entries.Length > tail)
        {
            entries = entries.Skip(entries.Length - tail).ToArray();
        }

        WriteObject(entries, enumerateCollection: true);
    }
}
