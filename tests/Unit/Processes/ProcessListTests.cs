using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

public sealed class ProcessListTests
{
    [Fact]
    public async Task List_puts_running_processes_first_then_newest_first()
    {
        using var manager = TestManagers.Create();
        var exitedOld = manager.Start(new ProcessStartRequest("exit 0"));
        var runningOld = manager.Start(new ProcessStartRequest("sleep 300"));
        var exitedNew = manager.Start(new ProcessStartRequest("exit 0"));
        var runningNew = manager.Start(new ProcessStartRequest("sleep 300"));
        await Eventually.Within(Task.WhenAll(exitedOld.Completion, exitedNew.Completion), "the short ones exit");

        Assert.Equal(new[] { runningNew.Id, runningOld.Id, exitedNew.Id, exitedOld.Id }, manager.List().Select(p => p.Id));
    }

    [Fact]
    public async Task Get_finds_by_id_and_instance_id_and_an_unknown_id_is_not_found()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("exit 0"));
        Assert.Same(process, manager.Get(process.Id));
        Assert.Same(process, manager.Get(process.InstanceId));

        var error = Assert.Throws<AgentProcException>(() => manager.Get(999));
        Assert.Equal("AgentProcessNotFound", error.ErrorId);
        Assert.Equal(AgentErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("999", error.Message);
        Assert.Equal(999, error.Target);
        Assert.Throws<AgentProcException>(() => manager.Get(Guid.NewGuid()));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
    }

    [Fact]
    public async Task Exited_processes_are_forgotten_after_the_retention_period()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var manager = TestManagers.Create(o => o.Retention = TimeSpan.FromMinutes(5), time: clock);
        var exited = manager.Start(new ProcessStartRequest("exit 0") { IdempotencyKey = "once" });
        var running = manager.Start(new ProcessStartRequest("sleep 300"));
        await exited.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(2, manager.List().Count);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new[] { running.Id }, manager.List().Select(p => p.Id));
        Assert.False(manager.TryGet(exited.Id, out _));

        // The key is remembered past its process (a receipt), and free once the idempotency retention passed.
        Assert.Equal(exited.Id, manager.StartOrRecall(new ProcessStartRequest("exit 0") { IdempotencyKey = "once" }).Receipt!.Id);
        clock.Advance(manager.Options.IdempotencyRetention);
        var again = manager.Start(new ProcessStartRequest("exit 1") { IdempotencyKey = "once" });
        Assert.NotSame(exited, again);
    }

    [Fact]
    public async Task Remove_forgets_an_exited_process_and_refuses_a_running_one_without_force()
    {
        using var manager = TestManagers.Create();
        var exited = manager.Start(new ProcessStartRequest("exit 0"));
        var running = manager.Start(new ProcessStartRequest("sleep 300"));
        await exited.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);

        await manager.RemoveAsync(exited, force: false, CancellationToken.None);
        Assert.False(manager.TryGet(exited.Id, out _));

        var error = await Assert.ThrowsAsync<AgentProcException>(() => manager.RemoveAsync(running, force: false, CancellationToken.None));
        Assert.Equal("AgentProcessStillRunning", error.ErrorId);
        Assert.Equal(AgentProcessState.Running, running.State);
        Assert.True(manager.TryGet(running.Id, out _));
    }

    [Fact]
    public async Task Remove_with_force_terminates_then_kills_and_forgets()
    {
        using var manager = TestManagers.Create(o => o.CloseGracePeriod = TimeSpan.FromMilliseconds(300));
        var polite = manager.Start(new ProcessStartRequest("sleep 300"));
        var stubborn = manager.Start(new ProcessStartRequest("trap '' TERM; echo ready; while :; do sleep 0.05; done"));
        await Eventually.TrueAsync(() => stubborn.ReadOutput().Output.Contains("ready"), "the trap is installed");

        await Eventually.Within(manager.RemoveAsync(polite, force: true, CancellationToken.None), "a polite process is removed");
        await Eventually.Within(manager.RemoveAsync(stubborn, force: true, CancellationToken.None), "a stubborn process is removed");

        Assert.Equal(143, polite.ExitCode);
        Assert.Equal(137, stubborn.ExitCode);
        Assert.Empty(manager.List());
        Assert.False(Pids.IsAlive(polite.ProcessId));
        Assert.False(Pids.IsAlive(stubborn.ProcessId));
    }

    [Fact]
    public async Task Waiting_honours_its_timeout_and_cancellation()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("sleep 300"));
        Assert.False(await process.WaitForExitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));

        using var cancel = new CancellationTokenSource();
        var waiting = process.WaitForExitAsync(null, cancel.Token);
        Assert.False(waiting.IsCompleted);
        cancel.Cancel();
        Assert.False(await Eventually.Within(waiting, "cancellation ends the wait"));
        Assert.Equal(AgentProcessState.Running, process.State);
    }
}
