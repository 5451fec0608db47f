using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scheduling;
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
    public void The_bound_is_per_schedule_so_a_busy_schedule_pushes_out_only_its_own_results()
    {
        using var h = new SchedulerHarness(historyCapacity: 3);
        h.Register("a", "*/10 * * * * *");
        h.Register("busy", "* * * * * *");

        h.Advance(120); // a: 12 runs, busy: 120

        Assert.Equal(AtSeconds(120, 110, 100), h.Scheduler.History("A").Select(r => r.StartedAt!.Value));
        Assert.Equal(AtSeconds(120, 119, 118), h.Scheduler.History("busy").Select(r => r.StartedAt!.Value));
        Assert.Empty(h.Scheduler.History("nobody"));

        // All of them together, newest first, in the order they were recorded.
        var all = h.Scheduler.History();
        Assert.Equal(6, all.Count);
        Assert.Equal(3, all.Count(r => r.Name == "a"));
        Assert.Equal(3, all.Count(r => r.Name == "busy"));
        Assert.Equal(all.Select(r => r.StartedAt), all.Select(r => r.StartedAt).OrderByDescending(t => t));
    }

    [Fact]
    public void Unregistered_schedules_keep_their_history_for_the_most_recently_unregistered_ones()
    {
        using var h = new SchedulerHarness();
        var names = Enumerable.Range(0, ScriptScheduler.RetiredHistories + 5).Select(i => "job" + i).ToArray();
        foreach (var name in names)
        {
            h.Register(name, "*/10 * * * * *");
            h.Advance(10);
            _ = h.Scheduler.UnregisterAsync(name, stopRunning: false, CancellationToken.None);
        }

        Assert.All(names.Take(5), name => Assert.Empty(h.Scheduler.History(name)));
        Assert.All(names.Skip(5), name => Assert.Single(h.Scheduler.History(name)));
    }

    [Fact]
    public void A_name_registered_again_keeps_its_history_and_is_not_dropped_with_the_retired()
    {
        using var h = new SchedulerHarness();
        h.Register("kept", "*/10 * * * * *");
        h.Advance(10);
        _ = h.Scheduler.UnregisterAsync("kept", stopRunning: false, CancellationToken.None);
        h.Register("KEPT", "@daily");

        for (var i = 0; i <= ScriptScheduler.RetiredHistories; i++)
        {
            h.Register("other" + i, "*/10 * * * * *");
            h.Advance(10);
            _ = h.Scheduler.UnregisterAsync("other" + i, stopRunning: false, CancellationToken.None);
        }

        Assert.Equal(AtSeconds(10), h.Scheduler.History("kept").Select(r => r.StartedAt!.Value));
        Assert.Empty(h.Scheduler.History("other0"));
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
