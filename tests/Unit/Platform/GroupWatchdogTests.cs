using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>
/// The watchdog as pwsh's death would meet it: a private instance whose write end is closed
/// (<see cref="GroupWatchdog.Dispose"/>) while it still knows groups.
/// </summary>
public sealed class GroupWatchdogTests
{
    [Fact]
    public async Task When_its_pipe_closes_it_ends_every_group_it_knows_with_their_children()
    {
        using var manager = TestManagers.Create();
        var processes = Enumerable.Range(0, 3).Select(_ => manager.Start(new ProcessStartRequest("sleep 300 & echo child=$!; wait"))).ToArray();
        await Eventually.TrueAsync(() => processes.All(p => p.ReadOutput().Output.Contains("child=")), "every child is running");
        var pids = processes.SelectMany(p => Pids.Parse(p.ReadOutput().Output, "child=").Append(p.ProcessId)).ToArray();

        var watchdog = new GroupWatchdog();
        foreach (var process in processes)
        {
            watchdog.Track(process.ProcessId, TimeSpan.FromSeconds(2));
        }

        var watchdogPid = watchdog.ProcessId!.Value;
        watchdog.Dispose();

        await Eventually.TrueAsync(() => pids.All(pid => !Pids.IsAlive(pid)), "every group is ended", TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => !Pids.IsAlive(watchdogPid), "the watchdog exits");
        Assert.All(processes, p => Assert.Equal(143, p.ExitCode));
    }

    [Fact]
    public async Task A_group_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        using var manager = TestManagers.Create();
        var stubborn = manager.Start(new ProcessStartRequest("trap '' TERM; echo ready; while :; do sleep 0.05; done"));
        await Eventually.TrueAsync(() => stubborn.ReadOutput().Output.Contains("ready"), "the trap is installed");

        var watchdog = new GroupWatchdog();
        watchdog.Track(stubborn.ProcessId, TimeSpan.FromMilliseconds(500));
        watchdog.Dispose();

        Assert.True(await stubborn.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(137, stubborn.ExitCode);
    }

    [Fact]
    public async Task A_withdrawn_group_is_left_alone_and_a_stopped_group_is_continued_to_die()
    {
        using var manager = TestManagers.Create();
        var withdrawn = manager.Start(new ProcessStartRequest("sleep 300"));
        var stopped = manager.Start(new ProcessStartRequest("echo started; exec sleep 300"));
        await Eventually.TrueAsync(() => stopped.ReadOutput().Output.Contains("started"), "the group exists");
        Assert.Equal(0, UnixNative.Kill(-stopped.ProcessId, 19)); // SIGSTOP
        await Eventually.TrueAsync(() => Pids.State(stopped.ProcessId) == 'T', "the group is stopped");

        var watchdog = new GroupWatchdog();
        watchdog.Track(withdrawn.ProcessId, TimeSpan.FromSeconds(1));
        watchdog.Track(stopped.ProcessId, TimeSpan.FromSeconds(30));
        watchdog.Untrack(withdrawn.ProcessId);
        watchdog.Dispose();

        // SIGTERM then SIGCONT: the stopped sleep dies of the SIGTERM, well before the 30 s grace.
        Assert.True(await stopped.WaitForExitAsync(TimeSpan.FromSeconds(20), CancellationToken.None));
        Assert.Equal("SIGTERM", stopped.Signal);
        Assert.Equal(AgentProcessState.Running, withdrawn.State);
    }

    [Fact]
    public async Task Sending_never_blocks_on_a_watchdog_that_lags_and_the_lines_arrive_in_order_once_it_reads()
    {
        using var manager = TestManagers.Create();
        var withdrawn = manager.Start(new ProcessStartRequest("sleep 300"));
        var tracked = manager.Start(new ProcessStartRequest("sleep 300"));
        var watchdog = new GroupWatchdog();
        watchdog.Track(withdrawn.ProcessId, TimeSpan.FromSeconds(2));
        watchdog.Track(tracked.ProcessId, TimeSpan.FromSeconds(2));
        var watchdogPid = watchdog.ProcessId!.Value;
        try
        {

            // A stopped watchdog reads nothing: far more than a pipe holds is sent, and must not block.
            Children.Stop(watchdogPid);
            var sending = Task.Run(() =>
            {
                for (var i = 0; i < 20_000; i++)
                {
                    watchdog.Untrack(900_000_000 + i);
                }

                // Last: withdrawn behind everything that waits.
                watchdog.Untrack(withdrawn.ProcessId);
            });
            await Eventually.Within(sending, "every send returns while the watchdog is stopped");
            Assert.True(watchdog.BacklogCount > 0, "the pipe filled and lines wait in the backlog");

            Children.Continue(watchdogPid);
            await Eventually.TrueAsync(() => watchdog.BacklogCount == 0, "the backlog is written as the watchdog reads", TimeSpan.FromSeconds(60));
            watchdog.Dispose();

            // It read every line in order: the withdrawal at the end reached it, the tracked group was ended.
            await Eventually.TrueAsync(() => !Pids.IsAlive(watchdogPid), "the watchdog exits", TimeSpan.FromSeconds(60));
            Assert.True(await tracked.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
            Assert.Equal(AgentProcessState.Running, withdrawn.State);
        }
        finally
        {
            // Should a send have blocked after all, the watchdog reading again lets it (and the dispose) go.
            Children.Continue(watchdogPid);
            watchdog.Dispose();
        }
    }
}
