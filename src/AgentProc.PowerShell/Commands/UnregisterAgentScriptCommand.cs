using System;
using System.Management.Automation;
using AgentProc.Hosting;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Removes a scheduled script; a run in progress finishes, or is stopped with -Force.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Unregister, "AgentScript", SupportsShouldProcess = true)]
public sealed class UnregisterAgentScriptCommand : AgentCmdlet
{
    /// <summary>The schedules to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Stops a run in progress (interrupt, grace period, kill) and waits for it, instead of letting it finish.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        foreach (var name in Name)
        {
            if (!ShouldProcess($"scheduled script '{name}'", Force ? "Unregister and stop its run" : "Unregister"))
            {
                continue;
            }

            try
            {
                Await(Session.Schedules.UnregisterAsync(name, Force, StopToken));
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
