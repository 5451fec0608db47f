using System.Linq;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Processes;
using AgentProc.Scripts;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Reads the bounded history of scheduled runs, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AgentScriptResult")]
[OutputType(typeof(AgentScriptResult))]
public sealed class GetAgentScriptResultCommand : AgentCmdlet
{
    /// <summary>Only the runs of these schedules; wildcards are allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Only the newest N runs.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Newest { get; set; }

    /// <summary>Only runs with these statuses.</summary>
    [Parameter]
    public AgentScriptStatus[]? Status { get; set; }

    protected override void Process()
    {
        var patterns = Name?.Select(n => new NamePattern(n)).ToArray();
        var results = Session.Schedules.History()
            .Where(r => patterns is null || patterns.Any(p => p.IsMatch(r.Name)))
            .Where(r => Status is null || Status.Contains(r.Status));
        if (Newest is { } newest)
        {
            results = results.Take(newest);
        }

        WriteObject(results.ToArray(), enumerateCollection: true);
    }
}
