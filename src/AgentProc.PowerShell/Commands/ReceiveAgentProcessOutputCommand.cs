using System;
using System.Diagnostics;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Gets the captured output of agent processes (head and tail when it is large).</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "AgentProcessOutput", DefaultParameterSetName = IdSet)]
[OutputType(typeof(AgentProcessOutput))]
public sealed class ReceiveAgentProcessOutputCommand : AgentProcessTargetCommand
{
    private Stopwatch? clock;

    /// <summary>Waits for each process to exit first, then returns its final output.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>The longest -Wait waits, for all processes of the call together (default 5 minutes).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    protected override void Begin()
    {
        if (Timeout < TimeSpan.Zero)
        {
            ThrowEngineError(Errors.EngineErrors.NegativeTimeout(nameof(Timeout), Timeout));
        }

        clock = Stopwatch.StartNew();
    }

    protected override void Process()
    {
        foreach (var process in Targets())
        {
            if (Wait && process.State == AgentProcessState.Running)
            {
                var remaining = Timeout - clock!.Elapsed;
                var progress = new WaitProgress(this, $"Waiting for the output of agent process {process.Id} ({process.Name})");
                Await(process.WaitForExitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, StopToken), () => progress.Tick(() => $"{process.OutputBytes} bytes so far"));
                progress.Complete();
                if (StopToken.IsCancellationRequested)
                {
                    return;
                }

                if (process.State == AgentProcessState.Running)
                {
                    WriteWarning($"Agent process {process.Id} ({process.Name}) was still running after {Timeout}; its output so far follows.");
                }
            }

            WriteObject(process.ReadOutput());
        }
    }
}
