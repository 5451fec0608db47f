using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using AgentProc.Hosting;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Gets the captured output of agent processes: a snapshot (head and tail when it is large), what is new since a cursor, or each line as it arrives.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "AgentProcessOutput", DefaultParameterSetName = IdSet)]
[OutputType(typeof(AgentProcessOutput), typeof(AgentProcessOutputChunk), typeof(string))]
public sealed class ReceiveAgentProcessOutputCommand : AgentProcessTargetCommand
{
    private Stopwatch? clock;

    /// <summary>Waits for each process to exit first, then returns its final output.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>The longest -Wait waits, for all processes of the call together (default 5 minutes); with -Follow, how long to follow (default: until the exit).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Writes each line as the process writes it, until it exits; Ctrl+C stops following and leaves the process running.</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    /// <summary>Returns only the output after this byte offset (the NextCursor of the last read); with -Follow, follows from there.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Since { get; set; }

    private bool SinceGiven => MyInvocation.BoundParameters.ContainsKey(nameof(Since));

    protected override void Begin()
    {
        if (Timeout < TimeSpan.Zero)
        {
            ThrowEngineError(Errors.EngineErrors.NegativeTimeout(nameof(Timeout), Timeout));
        }

        if (Follow && Wait)
        {
            ThrowEngineError(new ArgumentException("-Follow and -Wait cannot be used together: -Follow already writes the output until the process exits, and -Wait returns it once at the end.", nameof(Follow)));
        }

        clock = Stopwatch.StartNew();
    }

    protected override void Process()
    {
        foreach (var process in Targets())
        {
            if (Follow)
            {
                if (!FollowOutput(process))
                {
                    return;
                }

                continue;
            }

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

            if (SinceGiven)
            {
                try
                {
                    WriteObject(process.ReadOutput(Since));
                }
                catch (Exception ex) when (ErrorRecords.IsExpected(ex))
                {
                    WriteEngineError(ex);
                }

                continue;
            }

            WriteObject(process.ReadOutput());
        }
    }

    // Writes the process's lines as they come, until its output ends. False when the user pressed Ctrl+C.
    private bool FollowOutput(AgentProcess process)
    {
        Output.OutputLineReader reader;
        try
        {
            reader = process.FollowOutput(SinceGiven ? Since : 0);
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            WriteEngineError(ex);
            return true;
        }

        // No limit unless -Timeout was given: following is meant to last as long as the process.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)))
        {
            limit.CancelAfter(Timeout);
        }

        while (true)
        {
            foreach (var line in reader.Read())
            {
                WriteObject(line.Text);
            }

            if (reader.Ended)
            {
                return true;
            }

            if (StopToken.IsCancellationRequested)
            {
                return false;
            }

            if (limit.IsCancellationRequested)
            {
                WriteWarning($"Stopped following agent process {process.Id} ({process.Name}) after {Timeout}; it is still running.");
                return true;
            }

            Await(reader.WaitAsync(limit.Token));
        }
    }
}
