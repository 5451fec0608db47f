using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Scheduling;

public class ScriptSchedulerCloseTests
{
    [Fact]
    public async Task Close_stops_the_timers_cancels_the_runs_and_waits_for_them()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        h.Runner.EndOnCancel = false;
        var busy = h.Register("busy", "*/10 * * * * *");
        var idle = h.Register("idle", "@hourly");
        h.Advance(10);
        var run = h.Runner.Last;

        var closing = h.Scheduler.CloseAsync();

        Assert.Equal(0, h.Clock.ActiveTimers);
        Assert.True(run.Token.IsCancellationRequested);
        Assert.False(closing.IsCompleted); // the run has not ended yet
        Assert.True(h.Scheduler.IsClosed);
        Assert.Null(busy.NextRun);
        Assert.Null(idle.NextRun);

        run.Complete(AgentScriptStatus.Canceled);
        await Eventually.Within(closing, "close waits for the canceled run");

        Assert.False(busy.IsRunning);
        Assert.Equal(AgentScriptStatus.Canceled, h.Scheduler.History("busy")[0].Status);
        h.Advance(3600);
        Assert.Single(h.Runner.Calls);
    }

    [Fact]
    public async Task After_close_register_is_refused_and_close_is_idempotent()
    {
        using var h = new SchedulerHarness();
        h.Register("a", "@hourly");

        var first = h.Scheduler.CloseAsync();
        await Eventually.Within(first, "close with nothing running");

        Assert.Same(first, h.Scheduler.CloseAsync());
        var error = Assert.Throws<AgentProcException>(() => h.Register("b", "@hourly"));
        Assert.Equal("AgentSessionClosed", error.ErrorId);
        Assert.Equal(AgentErrorKind.ResourceUnavailable, error.Kind);
        Assert.Empty(h.Scheduler.List());
        Assert.Equal(0, h.Clock.ActiveTimers);
        h.Scheduler.Dispose(); // closes again: nothing happens
    }

    [Fact]
    public async Task Close_also_stops_the_run_of_a_schedule_unregistered_while_it_ran()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        var schedule = h.Register("orphan", "*/10 * * * * *");
        h.Advance(10);
        var run = h.Runner.Last;
        _ = h.Scheduler.UnregisterAsync("orphan", stopRunning: false, CancellationToken.None);
        Assert.False(run.Token.IsCancellationRequested);

        await Eventually.Within(h.Scheduler.CloseAsync(), "close stops the orphaned run");

        Assert.True(run.Token.IsCancellationRequested);
        Assert.False(schedule.IsRunning);
        var result = h.Scheduler.History("orphan")[0];
        Assert.Equal(AgentScriptStatus.Canceled, result.Status);
    }

    [Fact]
    public void Dispose_closes()
    {
        var h = new SchedulerHarness();
        h.Register("a", "*/10 * * * * *");

        h.Dispose();

        Assert.True(h.Scheduler.IsClosed);
        Assert.Equal(0, h.Clock.ActiveTimers);
    }
}
