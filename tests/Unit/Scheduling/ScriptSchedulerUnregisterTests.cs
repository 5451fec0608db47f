using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;
using Xunit;
using static AgentProc.Tests.Scheduling.SchedulerHarness;

namespace AgentProc.Tests.Scheduling;

public class ScriptSchedulerUnregisterTests
{
    [Fact]
    public void Unregister_stops_the_firings_at_once()
    {
        using var h = new SchedulerHarness();
        var schedule = h.Register("tick", "*/10 * * * * *");
        h.Advance(10);

        var done = h.Scheduler.UnregisterAsync("TICK", stopRunning: false, CancellationToken.None);

        Assert.True(done.IsCompletedSuccessfully);
        Assert.Empty(h.Scheduler.List());
        Assert.Equal(0, h.Clock.ActiveTimers);
        Assert.Null(schedule.NextRun);
        Assert.Throws<AgentProcException>(() => h.Scheduler.Get("tick"));
        h.Advance(60);
        Assert.Single(h.Runner.Calls);
        Assert.Single(h.Scheduler.History("tick")); // the history outlives the schedule
    }

    [Fact]
    public void A_name_can_be_registered_again_after_unregister()
    {
        using var h = new SchedulerHarness();
        h.Register("again", "@hourly");
        _ = h.Scheduler.UnregisterAsync("again", false, CancellationToken.None);

        var schedule = h.Register("again", "*/10 * * * * *");
        h.Advance(10);

        Assert.Equal(1, schedule.Runs);
    }

    [Fact]
    public void Unregister_of_an_unknown_name_throws_at_once_naming_it()
    {
        using var h = new SchedulerHarness();
        h.Register("known", "@hourly");

        var error = Assert.Throws<AgentProcException>(() => { _ = h.Scheduler.UnregisterAsync("unknown", false, CancellationToken.None); });

        Assert.Equal("AgentScheduleNotFound", error.ErrorId);
        Assert.Equal(AgentErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("'unknown'", error.Message);
        Assert.Single(h.Scheduler.List());
    }

    [Fact]
    public void Unregister_lets_a_running_instance_finish_by_default()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        var schedule = h.Register("long", "*/10 * * * * *");
        h.Advance(10);
        var run = h.Runner.Last;

        var done = h.Scheduler.UnregisterAsync("long", stopRunning: false, CancellationToken.None);

        Assert.True(done.IsCompletedSuccessfully); // nothing to wait for: the run goes on
        Assert.False(run.Token.IsCancellationRequested);
        Assert.True(schedule.IsRunning);
        Assert.Equal(0, h.Clock.ActiveTimers);
        h.Advance(60);
        Assert.Single(h.Runner.Calls);
        Assert.Equal(0, schedule.SkippedOverlaps); // no firings at all, so no overlaps either

        run.Complete();

        Assert.False(schedule.IsRunning);
        Assert.Equal(AgentScriptStatus.Ok, schedule.LastResult!.Status);
        Assert.Equal(AgentScriptStatus.Ok, h.Scheduler.History("long")[0].Status);
    }

    [Fact]
    public async Task Unregister_with_stop_running_cancels_the_run_and_waits_for_it()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        h.Runner.EndOnCancel = false; // the test plays the runner's interrupt-then-kill
        var schedule = h.Register("long", "*/10 * * * * *");
        h.Advance(10);
        var run = h.Runner.Last;

        var done = h.Scheduler.UnregisterAsync("long", stopRunning: true, CancellationToken.None);

        Assert.True(run.Token.IsCancellationRequested);
        Assert.False(done.IsCompleted);
        Assert.Empty(h.Scheduler.List());
        Assert.Equal(0, h.Clock.ActiveTimers);

        run.Complete(AgentScriptStatus.Canceled);
        await Eventually.Within(done, "unregister waits for the stopped run");

        Assert.False(schedule.IsRunning);
        Assert.Equal(AgentScriptStatus.Canceled, h.Scheduler.History("long")[0].Status);
    }

    [Fact]
    public async Task A_runner_that_throws_on_cancel_gives_a_canceled_result_naming_the_reason()
    {
        using var h = new SchedulerHarness();
        h.Runner.Behaviour = async call =>
        {
            await Task.Delay(Timeout.Infinite, call.Token);
            throw new InvalidOperationException("unreachable");
        };
        h.Register("long", "*/10 * * * * *");
        h.Advance(10);

        await Eventually.Within(h.Scheduler.UnregisterAsync("long", stopRunning: true, CancellationToken.None), "the canceled run ends");

        var result = h.Scheduler.History("long")[0];
        Assert.Equal(AgentScriptStatus.Canceled, result.Status);
        Assert.Contains("the schedule was unregistered", result.Reason);
        Assert.Equal(At(10), result.StartedAt);
    }

    [Fact]
    public async Task Waiting_for_the_stopped_run_can_itself_be_canceled()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        h.Runner.EndOnCancel = false;
        h.Register("stubborn", "*/10 * * * * *");
        h.Advance(10);
        using var stopWaiting = new CancellationTokenSource();

        var done = h.Scheduler.UnregisterAsync("stubborn", stopRunning: true, stopWaiting.Token);
        stopWaiting.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(done, "the wait is canceled"));
        Assert.Empty(h.Scheduler.List()); // the schedule is gone all the same
        h.Runner.Last.Complete(AgentScriptStatus.Canceled);
    }

    /// <summary>Registers "long", lets its first run start (held open), and unregisters it without stopping that run.</summary>
    private static FakeRun UnregisterWhileRunning(SchedulerHarness h)
    {
        h.Runner.Hold = true;
        h.Register("long", "*/10 * * * * *");
        h.Advance(10);
        _ = h.Scheduler.UnregisterAsync("long", stopRunning: false, CancellationToken.None);
        return h.Runner.Last;
    }

    [Fact]
    public void A_new_registration_of_the_name_waits_for_the_run_the_old_one_left()
    {
        using var h = new SchedulerHarness();
        var oldRun = UnregisterWhileRunning(h);

        var again = h.Register("long", "*/10 * * * * *");

        Assert.True(again.IsRunning); // the name's run is going
        h.Advance(10);
        Assert.Single(h.Runner.Calls); // no second run beside the first
        Assert.Equal(1, again.SkippedOverlaps);
        Assert.Equal(AgentScriptStatus.Skipped, h.Scheduler.History("long")[0].Status);

        oldRun.Complete();
        Assert.False(again.IsRunning);
        h.Advance(10);

        Assert.Equal(2, h.Runner.Calls.Count);
        Assert.Equal(1, again.Runs);
        Assert.Equal(At(30), h.Runner.Last.CalledAt);
        h.Runner.Last.Complete();
    }

    [Fact]
    public async Task Unregister_with_stop_running_of_the_new_registration_stops_the_run_the_old_one_left()
    {
        using var h = new SchedulerHarness();
        var oldRun = UnregisterWhileRunning(h);
        h.Register("long", "@daily");

        await Eventually.Within(h.Scheduler.UnregisterAsync("long", stopRunning: true, CancellationToken.None), "the old run is stopped");

        Assert.True(oldRun.Token.IsCancellationRequested);
        Assert.Equal(AgentScriptStatus.Canceled, h.Scheduler.History("long")[0].Status);
        Assert.Empty(h.Scheduler.List());
        await Eventually.Within(h.Scheduler.CloseAsync(), "close has nothing left to wait for");
    }

    [Fact]
    public void A_name_whose_old_run_ended_is_registered_afresh()
    {
        using var h = new SchedulerHarness();
        UnregisterWhileRunning(h).Complete();

        var again = h.Register("long", "*/10 * * * * *");
        h.Advance(10);

        Assert.Equal(1, again.Runs);
        Assert.Equal(0, again.SkippedOverlaps);
        h.Runner.Last.Complete();
    }
}
