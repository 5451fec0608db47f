using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Processes;
using AgentProc.Scheduling;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Lists the session's scheduled scripts with their next run and last result.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AgentScript")]
[OutputType(typeof(AgentScriptSchedule))]
public sealed class GetAgentScriptCommand : AgentCmdlet
{
    /// <summary>The schedules to get; wildcards are allowed, and a schedule's exact name always selects it. Default: all.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void Process()
    {
        var all = Session.Schedules.List();
        if (Name is null || Name.Length == 0)
        {
            WriteObject(all, enumerateCollection: true);
            return;
        }

        var chosen = NamePattern.Select(all, Name, s => s.Name, out var unmatched);
        foreach (var name in unmatched)
        {
            WriteEngineError(Errors.EngineErrors.ScheduleNotFound(name));
        }

        WriteObject(chosen, enumerateCollection: true);
    }
}
