using System;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Platform;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Sends terminate (SIGTERM), or kill with -Kill, to the whole process group of agent processes.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "AgentProcess", SupportsShouldProcess = true, DefaultParameterSetName = IdSet)]
[OutputType(typeof(AgentProcess))]
public sealed class StopAgentProcessCommand : AgentProcessTargetCommand
{
    /// <summary>Sends kill (SIGKILL) instead of terminate: it cannot be caught or ignored.</summary>
    [Parameter]
    public SwitchParameter Kill { get; set; }

    /// <summary>Writes each process after signalling it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var signal = Kill ? ProcessSignal.Kill : ProcessSignal.Terminate;
        foreach (var process in Targets())
        {
            if (!ShouldProcess($"agent process {process.Id} ({process.Name}): {process.Command}", Kill ? "Kill (SIGKILL)" : "Terminate (SIGTERM)"))
            {
                continue;
            }

            try
            {
                Session.Processes.Signal(process, signal);
            }
            catch (Exception ex) when (ErrorRecords.IsExpected(ex))
            {
                WriteEngineError(ex);
                continue;
            }

            if (PassThru)
            {
                WriteObject(process);
            }
        }
    }
}
