using System;
using System.Management.Automation;
using AgentProc.Hosting;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Forgets exited agent processes; -Force stops running ones first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AgentProcess", SupportsShouldProcess = true, DefaultParameterSetName = IdSet)]
public sealed class RemoveAgentProcessCommand : AgentProcessTargetCommand
{
    /// <summary>Stops running processes (terminate, grace period, kill) and then removes them.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        foreach (var process in Targets())
        {
            if (!ShouldProcess($"agent process {process.Id} ({process.Name}): {process.Command}", Force ? "Stop and remove" : "Remove"))
            {
                continue;
            }

            try
            {
                Await(Session.Processes.RemoveAsync(process, Force, StopToken, Queue));
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
