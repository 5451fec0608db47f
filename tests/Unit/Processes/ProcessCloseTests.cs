using System;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

public sealed class ProcessCloseTests
{
    [Fact]
    public async Task Close_with_fifty_running_processes_leaves_none_alive()
    {
        var manager = TestManagers.Create();
        var processes = Enumerable.Range(0, 50)
            .Select(i => manager.Start(new ProcessStartRequest("sleep 300 & echo child=$!; wait")))
            .ToArray();
        await Eventually.TrueAsync(() => processes.All(p => p.ReadOutput().Output.Contains("child=")), "every child is running");
        var pids = processes.SelectMany(p => Pids.Parse(p.ReadOutput().Output, "child=").Append(p.ProcessId)).ToArray();

        await Eventually.Within(manager.CloseAsync(), "close ends everything");

        Assert.All(processes, p => Assert.Equal(AgentProcessState.Exited, p.State));
        Assert.All(pids, pid => Assert.False(Pids.IsAlive(pid), $"pid {pid} outlived close"));
    }

    [Fact]
    public async Task Close_kills_what_ignores_terminate_after_the_grace_period()
    {
        var manager = TestManagers.Create(o => o.CloseGracePeriod = TimeSpan.FromMilliseconds(500));
        var stubborn = manager.Start(new ProcessStartRequest("trap '' TERM; echo ready; while :; do sleep 0.05; done"));
        await Eventually.TrueAsync(() => stubborn.ReadOutput().Output.Contains("ready"), "the trap is installed");

        await Eventually.Within(manager.CloseAsync(), "close ends the stubborn process");
        Assert.Equal(137, stubborn.ExitCode);
    }

    [Fact]
    public async Task After_close_a_start_is_refused_and_close_is_idempotent()
    {
        var manager = TestManagers.Create();
        manager.Start(new ProcessStartRequest("sleep 300"));
        var first = manager.CloseAsync();
        var second = manager.CloseAsync();
        Assert.Same(first, second);
        await first;
        manager.Dispose();

        Assert.True(manager.IsClosed);
        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("true")));
        Assert.Equal("AgentSessionClosed", error.ErrorId);
        Assert.Equal(AgentErrorKind.ResourceUnavailable, error.Kind);
    }

    [Fact]
    public async Task Close_from_several_threads_at_once_ends_everything_once()
    {
        var manager = TestManagers.Create();
        var processes = Enumerable.Range(0, 10).Select(_ => manager.Start(new ProcessStartRequest("sleep 300"))).ToArray();
        var closes = Enumerable.Range(0, 8).Select(_ => Task.Run(() => manager.CloseAsync())).ToArray();
        await Eventually.Within(Task.WhenAll(closes), "every close returns");
        Assert.All(processes, p => Assert.Equal(143, p.ExitCode));
    }
}
