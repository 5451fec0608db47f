using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Hosting;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Waits until agent processes exit, or until their output matches a pattern (-Until): all of them, or -Any one.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "AgentProcess", DefaultParameterSetName = IdSet)]
[OutputType(typeof(AgentProcess), typeof(AgentProcessOutputMatch))]
public sealed class WaitAgentProcessCommand : AgentProcessTargetCommand
{
    private readonly List<AgentProcess> targets = new();
    private Regex? until;

    /// <summary>Returns as soon as one of the processes exits.</summary>
    [Parameter]
    public SwitchParameter Any { get; set; }

    /// <summary>The longest to wait (seconds, 90s, 5m, or a TimeSpan). Default: no limit.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>Waits until a line of each process's output matches this regular expression, and returns the match; the output already written counts.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Until { get; set; }

    /// <summary>Matches -Until with case (by default, as -match does, case is ignored).</summary>
    [Parameter]
    public SwitchParameter CaseSensitive { get; set; }

    protected override void Begin()
    {
        if (Timeout is { } timeout && timeout < TimeSpan.Zero)
        {
            ThrowEngineError(Errors.EngineErrors.NegativeTimeout(nameof(Timeout), timeout));
        }

        if (Until is { } pattern)
        {
            try
            {
                until = new Regex(pattern, CaseSensitive ? RegexOptions.CultureInvariant : RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                ThrowEngineError(Errors.EngineErrors.InvalidPattern(pattern, ex.Message));
            }
        }
        else if (CaseSensitive)
        {
            ThrowEngineError(new ArgumentException("-CaseSensitive applies to -Until: give the pattern to wait for.", nameof(CaseSensitive)));
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

        if (until != null)
        {
            WaitForMatches(until);
            return;
        }

        // With -Any, the waits still pending when the first one ends are cancelled with the command.
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        var waits = targets.Select(p => p.WaitForExitAsync(Timeout, waiting.Token)).ToArray();
        var all = Any ? Task.WhenAny(waits).ContinueWith(_ => true, TaskScheduler.Default) : Task.WhenAll(waits).ContinueWith(_ => true, TaskScheduler.Default);
        var finished = AwaitWithProgress(all, Any ? "Waiting for any agent process to exit" : "Waiting for agent processes to exit", () => targets.Count(p => p.State == AgentProcessState.Exited), "exited");
        waiting.Cancel();
        if (!finished)
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

    private void WaitForMatches(Regex pattern)
    {
        // Pending waits are cancelled with the command, and with -Any once one has matched.
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        var waits = targets.Select(p => p.WaitForOutputAsync(pattern, Timeout, waiting.Token)).ToArray();
        var all = Any ? OutputMatchWait.WhenFirstMatchAsync(waits) : Task.WhenAll(waits).ContinueWith(_ => { }, TaskScheduler.Default);
        var finished = AwaitWithProgress(all, $"Waiting for output that matches '{pattern}'", () => waits.Count(w => w.IsCompleted), "done");
        waiting.Cancel();
        if (!finished)
        {
            return;
        }

        var matched = waits.Where(w => w.Status == TaskStatus.RanToCompletion).ToArray();
        if (Any && matched.Length > 0)
        {
            WriteObject(matched[0].Result);
            return;
        }

        foreach (var wait in waits)
        {
            if (wait.Status == TaskStatus.RanToCompletion)
            {
                WriteObject(wait.Result);
            }
            else if (wait.Exception?.InnerException is { } error && ErrorRecords.IsExpected(error))
            {
                WriteEngineError(error);
            }
            else if (wait.Exception?.InnerException is { } unexpected)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(unexpected).Throw();
            }
        }
    }

    // Waits for `all` with a progress bar that counts the targets done. False when Ctrl+C stopped the wait.
    private bool AwaitWithProgress(Task all, string activity, Func<int> done, string doneWord)
    {
        var progress = new WaitProgress(this, activity);
        Await(all, () =>
        {
            var count = done();
            progress.Tick(() => $"{count} of {targets.Count} {doneWord}", count * 100 / targets.Count);
        });
        progress.Complete();
        return !StopToken.IsCancellationRequested;
    }
}
