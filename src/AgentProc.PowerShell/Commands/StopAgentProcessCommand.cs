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
    /// <summary>
    /// The signal to send: Terminate (the default), Interrupt, Hangup, Kill, Quit, User1, User2, their
    /// short names with or without SIG (INT, SIGHUP), or a number.
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.SignalNameCompleter))]
    public string? Signal { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private ProcessSignal signal = ProcessSignal.Terminate;

    protected override void Begin()
    {
        if (Kill && Signal != null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Kill and -Signal cannot be used together: -Kill is -Signal Kill."),
                "AgentProcessSignalConflict",
                ErrorCategory.InvalidArgument,
                Signal));
        }

        try
        {
            signal = Kill ? ProcessSignal.Kill : Signal is null ? ProcessSignal.Terminate : SignalNames.Parse(Signal);
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            ThrowEngineError(ex);
        }
    }

    protected override void Process()
    {
        var action = "Send " + SignalNames.Display(signal);
        foreach (var process in Targets())
        {
            if (!ShouldProcess($"agent process {process.Id} ({process.Name}): {process.Command}", action))
            {
                continue;
            }

            try
            {
                Session.Processes.Signal(process, signal, Queue);
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
