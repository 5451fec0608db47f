using System.Linq;
using AgentProc.Scheduling;
using AgentProc.Scripts;
using Microsoft.Extensions.Logging;
using Xunit;
using static AgentProc.Tests.Scheduling.SchedulerHarness;

namespace AgentProc.Tests.Scheduling;

public class ScriptSchedulerOverlapTests
{
    [Fact]
    public void A_run_held_open_across_three_firings_skips_two_and_records_them()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        var schedule = h.Register("slow", "*/10 * * * * *");

        h.Advance(30); // fires at 10 (starts), 20 and 30 (the run is still going)

        var run = Assert.Single(h.Runner.Calls);
        Assert.Equal(At(10), run.CalledAt);
        Assert.True(schedule.IsRunning);
        Assert.Equal(1, schedule.Runs);
        Assert.Equal(2, schedule.SkippedOverlaps);
        Assert.Single(h.Fired); // Fired is for started runs only

        var history = h.Scheduler.History("slow");
        Assert.Equal(2, history.Count);
        Assert.All(history, r =>
        {
            Assert.Equal(AgentScriptStatus.Skipped, r.Status);
            Assert.Equal(AgentScriptStage.Cron, r.Stage);
            Assert.Contains("previous run was still running", r.Reason);
            Assert.Null(r.ExitCode);
            Assert.Null(r.StartedAt);
        });
        Assert.Contains("00:00:30", history[0].Reason); // newest first
        Assert.Contains("00:00:20", history[1].Reason);
        Assert.Equal(2, h.Completed.Count(r => r.Status == AgentScriptStatus.Skipped));
        Assert.Equal(2, h.Logger.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("still running")));
        Assert.Null(schedule.LastResult); // skips are not results of a run

        run.Complete();

        Assert.False(schedule.IsRunning);
        Assert.Equal(AgentScriptStatus.Ok, schedule.LastResult!.Status);
        Assert.Equal(AgentScriptStatus.Ok, h.Scheduler.History()[0].Status);

        h.Advance(10);
        Assert.Equal(AtSeconds(10, 40), h.Runner.CallTimes);
        Assert.Equal(2, schedule.Runs);
        Assert.Equal(2, schedule.SkippedOverlaps);
    }

    [Fact]
    public void Overlaps_are_per_schedule()
    {
        using var h = new SchedulerHarness();
        h.Runner.Hold = true;
        var a = h.Register("a", "*/10 * * * * *");
        var b = h.Register("b", "*/10 * * * * *");

        h.Advance(10);

        Assert.Equal(2, h.Runner.Calls.Count);
        Assert.True(a.IsRunning);
        Assert.True(b.IsRunning);
        Assert.Equal(0, a.SkippedOverlaps + b.SkippedOverlaps);
    }
}
