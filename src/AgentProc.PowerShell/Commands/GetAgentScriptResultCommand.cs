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
    [ArgumentCompleter(typeof(Completion.AgentScriptNameCompleter))]
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
        // History outlives unregistration, so a name that matches no run is simply empty here.
        var history = Session.Scheduler.History();
        var results = (Name is null ? history : NamePattern.Select(history, Name, r => r.Name, out _))
            .Where(r => Status is null || Status.Contains(r.Status));
        if (Newest is { } newest)
        {
            results = results.Take(newest);
        }

        WriteObject(results.ToArray(), enumerateCollection: true);
    }
}
