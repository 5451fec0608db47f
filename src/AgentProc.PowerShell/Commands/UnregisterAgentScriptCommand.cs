using System;
using System.Management.Automation;
using AgentProc.Errors;
using AgentProc.Hosting;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Removes a scheduled script; a run in progress finishes, or is stopped with -Force.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Unregister, "AgentScript", SupportsShouldProcess = true)]
public sealed class UnregisterAgentScriptCommand : AgentCmdlet
{
    /// <summary>The schedules to remove; wildcards are allowed, and a schedule's exact name always selects it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Stops a run in progress (interrupt, grace period, kill) and waits for it, instead of letting it finish.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        // The same name rule as Get-AgentScript, so what it lists is what this removes.
        var chosen = NamePattern.Select(Session.Schedules.List(), Name, s => s.Name, out var unmatched);
        foreach (var name in unmatched)
        {
            WriteEngineError(EngineErrors.ScheduleNotFound(name));
        }

        foreach (var schedule in chosen)
        {
            if (!ShouldProcess($"scheduled script '{schedule.Name}'", Force ? "Unregister and stop its run" : "Unregister"))
            {
                continue;
            }

            try
            {
                Await(Session.Schedules.UnregisterAsync(schedule.Name, Force, StopToken, Queue));
            }
            catch (Exception ex) when (ErrorRecords.IsExpected(ex))
            {
                WriteEngineError(ex);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
