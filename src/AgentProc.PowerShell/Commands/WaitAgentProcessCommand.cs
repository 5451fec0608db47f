using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Hosting;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Waits until agent processes exit: all of them, or -Any one.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "AgentProcess", DefaultParameterSetName = IdSet)]
[OutputType(typeof(AgentProcess))]
public sealed class WaitAgentProcessCommand : AgentProcessTargetCommand
{
    private readonly List<AgentProcess> targets = new();

    /// <summary>Returns as soon as one of the processes exits.</summary>
    [Parameter]
    public SwitchParameter Any { get; set; }

    /// <summary>The longest to wait (seconds, 90s, 5m, or a TimeSpan). Default: no limit.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    protected override void Begin()
    {
        if (Timeout is { } timeout && timeout < TimeSpan.Zero)
        {
            ThrowEngineError(Errors.EngineErrors.NegativeTimeout(nameof(Timeout), timeout));
        }
    }

    protected override void Process()
    {
        foreach (var process in Targets())
        {
            if (!targets.Contains(process))
            {
                targets.Add(process);
            }
        }
    }

    protected override void End()
    {
        if (targets.Count == 0)
        {
            return;
        }

        // With -Any, the waits still pending when the first one ends are cancelled with the command.
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        var waits = targets.Select(p => p.WaitForExitAsync(Timeout, waiting.Token)).ToArray();
        var all = Any ? Task.WhenAny(waits).ContinueWith(_ => true, TaskScheduler.Default) : Task.WhenAll(waits).ContinueWith(_ => true, TaskScheduler.Default);
        var progress = new WaitProgress(this, Any ? "Waiting for any agent process to exit" : "Waiting for agent processes to exit");
        Await(all, () =>
        {
            var done = targets.Count(p => p.State == AgentProcessState.Exited);
            progress.Tick(() => $"{done} of {targets.Count} exited", done * 100 / targets.Count);
        });
        waiting.Cancel();
        progress.Complete();
        if (StopToken.IsCancellationRequested)
        {
            return;
        }

        var exited = targets.Where(p => p.State == AgentProcessState.Exited).ToArray();
        if (exited.Length < targets.Count && !Any)
        {
            WriteVerbose($"{targets.Count - exited.Length} of {targets.Count} agent process(es) were still running when the timeout of {Timeout} passed.");
        }

        WriteObject(Any ? exited.Take(1).ToArray() : exited, enumerateCollection: true);
    }
}
