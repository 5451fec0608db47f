using System;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Microsoft.Extensions.Logging;
using Xunit;
using static AgentProc.Tests.Scheduling.SchedulerHarness;

namespace AgentProc.Tests.Scheduling;

public class ScriptSchedulerHistoryTests
{
    [Fact]
    public void History_is_bounded_and_newest_first()
    {
        using var h = new SchedulerHarness(historyCapacity: 3);
        h.Register("tick", "* * * * * *");

        h.Advance(5);

        var history = h.Scheduler.History();
        Assert.Equal(3, history.Count);
        Assert.Equal(AtSeconds(5, 4, 3), history.Select(r => r.StartedAt!.Value));
        Assert.Equal(3, h.Scheduler.HistoryCapacity);
    }

    [Fact]
    public void History_by_name_ignores_case_and_the_bound_is_shared()
    {
        using var h = new SchedulerHarness(historyCapacity: 4);
        h.Register("a", "*/2 * * * * *");
        h.Register("b", "*/3 * * * * *");

        h.Advance(6); // a at 2, 4, 6; b at 3, 6

        Assert.Equal(4, h.Scheduler.History().Count);
        Assert.Equal(AtSeconds(6, 4), h.Scheduler.History("A").Select(r => r.StartedAt!.Value));
        Assert.Equal(AtSeconds(6, 3), h.Scheduler.History("b").Select(r => r.StartedAt!.Value));
        Assert.Empty(h.Scheduler.History("nobody"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_runner_exception_becomes_an_exit_failure_and_the_schedule_keeps_firing(bool synchronous)
    {
        using var h = new SchedulerHarness();
        h.Runner.Behaviour = synchronous
            ? _ => throw new InvalidOperationException("the shell is gone")
            : _ => Task.FromException<AgentScriptResult>(new InvalidOperationException("the shell is gone"));
        var schedule = h.Register("fragile", "*/10 * * * * *");

        h.Advance(20);

        Assert.Equal(2, schedule.Runs);
        Assert.False(schedule.IsRunning);
        var results = h.Scheduler.History("fragile");
        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(AgentScriptStatus.ExitFailure, r.Status);
            Assert.Equal(AgentScriptStage.Cron, r.Stage);
            Assert.Contains("the shell is gone", r.Reason);
        });
        Assert.Equal(At(20), results[0].StartedAt);
        Assert.Same(results[0], schedule.LastResult);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("the shell is gone"));
    }

    [Fact]
    public void A_runner_that_returns_no_result_is_recorded_as_a_failure()
    {
        using var h = new SchedulerHarness();
        h.Runner.Behaviour = _ => Task.FromResult<AgentScriptResult>(null!);
        h.Register("broken", "*/10 * * * * *");

        h.Advance(10);

        var result = Assert.Single(h.Scheduler.History());
        Assert.Equal(AgentScriptStatus.ExitFailure, result.Status);
        Assert.Contains("no result", result.Reason);
    }

    [Fact]
    public void RunCompleted_is_raised_for_every_result_and_a_failing_handler_harms_nothing()
    {
        using var h = new SchedulerHarness();
        h.Scheduler.RunCompleted += _ => throw new InvalidOperationException("handler bug");
        h.Scheduler.Fired += (_, _, _) => throw new InvalidOperationException("handler bug");
        h.Register("tick", "*/10 * * * * *");

        h.Advance(30);

        Assert.Equal(3, h.Completed.Count);
        Assert.Equal(h.Scheduler.History().Reverse(), h.Completed);
        Assert.Equal(3, h.Runner.Calls.Count);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("RunCompleted handler"));
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Fired handler"));
    }

    [Fact]
    public void The_schedule_object_is_a_live_view_of_its_state()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        var schedule = h.Register("view", "*/10 * * * * *");

        h.Advance(10);

        Assert.True(schedule.IsRunning);
        Assert.Equal(1, schedule.Runs);
        Assert.Equal(At(10), schedule.LastRun);
        Assert.Equal(At(20), schedule.NextRun);
        Assert.Null(schedule.LastResult);

        h.Advance(5);
        h.Runner.Last.Complete(AgentScriptStatus.ExitFailure);

        Assert.False(schedule.IsRunning);
        Assert.Equal(AgentScriptStatus.ExitFailure, schedule.LastResult!.Status);
        Assert.Equal(At(15), schedule.LastResult.EndedAt);
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.LastResult.Duration);

        h.Advance(5);
        h.Runner.Last.Complete();

        Assert.Equal(2, schedule.Runs);
        Assert.Equal(At(20), schedule.LastRun);
        Assert.Equal(At(30), schedule.NextRun);
        Assert.True(schedule.LastResult!.Succeeded);
    }
}
