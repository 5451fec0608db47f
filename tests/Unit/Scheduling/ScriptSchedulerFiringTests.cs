using System;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Scheduling;
using AgentProc.Scripts;
using Microsoft.Extensions.Logging;
using Xunit;
using static AgentProc.Tests.Scheduling.SchedulerHarness;

namespace AgentProc.Tests.Scheduling;

public class ScriptSchedulerFiringTests
{
    [Fact]
    public void Fires_at_each_scheduled_instant_with_stage_cron()
    {
        using var h = new SchedulerHarness();
        var schedule = h.Register("tick", "*/10 * * * * *");

        h.Advance(60);

        var expected = AtSeconds(10, 20, 30, 40, 50, 60);
        Assert.Equal(expected, h.Runner.CallTimes);
        Assert.All(h.Runner.Calls, c => Assert.Equal(AgentScriptStage.Cron, c.Stage));
        Assert.All(h.Runner.Calls, c => Assert.Equal("tick", c.Script.Name));
        Assert.Equal(expected, h.Fired.Select(f => f.Scheduled));
        Assert.Equal(expected, h.Fired.Select(f => f.Fired));
        Assert.Equal(6, schedule.Runs);
        Assert.Equal(At(70), schedule.NextRun);
        Assert.Equal(6, h.Scheduler.History().Count);
        Assert.All(h.Scheduler.History(), r => Assert.Equal(AgentScriptStage.Cron, r.Stage));
    }

    [Fact]
    public void Does_not_drift_over_a_thousand_firings()
    {
        using var h = new SchedulerHarness();
        var schedule = h.Register("every-second", "* * * * * *");

        // Uneven steps that never land on a whole second: only the schedule decides the instants.
        var end = h.Now.AddSeconds(1000);
        while (h.Now < end)
        {
            var step = TimeSpan.FromMilliseconds(2700);
            h.Clock.Advance(end - h.Now < step ? end - h.Now : step);
        }

        var expected = Enumerable.Range(1, 1000).Select(n => At(n)).ToArray();
        Assert.Equal(expected, h.Runner.CallTimes);
        Assert.Equal(expected, h.Fired.Select(f => f.Scheduled));
        Assert.Equal(1000, schedule.Runs);
        Assert.Equal(0, schedule.SkippedOverlaps);
        Assert.Equal(At(1001), schedule.NextRun);
    }

    [Theory]
    [InlineData("*/10 * * * * *")]
    [InlineData("@every 10s")] // counted from "now" this would drift to 21, 31, ...
    public void A_late_firing_does_not_shift_the_runs_after_it(string cron)
    {
        using var h = new SchedulerHarness();
        var schedule = h.Register("tick", cron);

        h.Advance(9);
        h.Clock.Stall(TimeSpan.FromSeconds(2.4)); // the timer due at 10 s fires 1.4 s late
        h.Advance(0);
        Assert.Equal(At(20), schedule.NextRun);
        h.Advance(8.6);

        Assert.Equal(new[] { (At(10), At(11.4)), (At(20), At(20)) }, h.Fired.Select(f => (f.Scheduled, f.Fired)));
        Assert.Equal(AtSeconds(11.4, 20), h.Runner.CallTimes);
        Assert.Equal(At(11.4), h.Scheduler.History()[1].StartedAt);
    }

    [Fact]
    public void After_a_stall_runs_once_then_skips_ahead_to_the_next_run_after_now()
    {
        using var h = new SchedulerHarness();
        var schedule = h.Register("tick", "*/10 * * * * *");

        h.Advance(5);
        h.Clock.Stall(TimeSpan.FromSeconds(95)); // asleep from 00:00:05 to 00:01:40
        h.Advance(0);

        // One late run for the firing that was due; the eight passed over are neither run nor counted.
        Assert.Equal(new[] { (At(10), At(100)) }, h.Fired.Select(f => (f.Scheduled, f.Fired)));
        Assert.Equal(1, schedule.Runs);
        Assert.Equal(0, schedule.SkippedOverlaps);
        Assert.Single(h.Scheduler.History());
        Assert.Equal(At(110), schedule.NextRun);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains("tick") && e.Message.Contains("skipped"));

        h.Advance(10);
        Assert.Equal(AtSeconds(100, 110), h.Runner.CallTimes);
    }

    [Fact]
    public void A_timer_that_fires_early_is_rearmed_for_the_remainder()
    {
        using var h = new SchedulerHarness();
        var schedule = h.Register("minutely", "0 * * * * *");

        h.Advance(30);
        h.Clock.FireAllEarly();

        Assert.Empty(h.Runner.Calls);
        Assert.Equal(1, h.Clock.ActiveTimers);
        Assert.Equal(new[] { At(60) }, h.Clock.DueTimes);
        Assert.Equal(At(60), schedule.NextRun);

        h.Advance(30);
        Assert.Equal(new[] { At(60) }, h.Runner.CallTimes);
    }

    [Fact]
    public void Every_interval_runs_first_at_registration_plus_interval_then_every_interval()
    {
        using var h = new SchedulerHarness(start: At(0.25));
        var schedule = h.Register("poll", "@every 90s");
        Assert.Equal(At(90), schedule.NextRun); // the fraction of a second is dropped, as robfig does

        h.Advance(300);

        Assert.Equal(AtSeconds(90, 180, 270), h.Runner.CallTimes);
        Assert.Equal(At(360), schedule.NextRun);
    }

    [Theory]
    [InlineData("0 0 9 * * *", "America/New_York")]
    [InlineData("CRON_TZ=America/New_York 0 0 9 * * *", "UTC")] // the prefix wins over the zone given
    public void A_schedule_in_new_york_fires_at_nine_local_across_the_spring_change(string cron, string givenZone)
    {
        // 2026-03-08 02:00 EST becomes 03:00 EDT: 9:00 is 14:00Z before it and 13:00Z after.
        var start = new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero);
        using var h = new SchedulerHarness(start: start);
        var zone = givenZone == "UTC" ? TimeZoneInfo.Utc : CronTestTime.Zone(givenZone);
        var schedule = h.Scheduler.Register(Script("morning"), cron, zone);

        Assert.Equal("America/New_York", schedule.TimeZone);
        Assert.Equal(cron, schedule.Cron);
        Assert.Equal("2026-03-07T09:00:00-05:00", CronTestTime.Show(schedule.NextRun));

        h.Clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(
            new[] { "2026-03-07T14:00:00+00:00", "2026-03-08T13:00:00+00:00", "2026-03-09T13:00:00+00:00" },
            h.Runner.CallTimes.Select(t => CronTestTime.Show(t)));
        Assert.Equal("2026-03-10T09:00:00-04:00", CronTestTime.Show(schedule.NextRun));
        Assert.Equal("2026-03-09T09:00:00-04:00", CronTestTime.Show(schedule.LastRun));
    }

    [Fact]
    public void Without_a_zone_the_clocks_local_zone_is_used()
    {
        using var h = new SchedulerHarness();
        h.Clock.Zone = CronTestTime.Zone("Asia/Tokyo");

        var schedule = h.Scheduler.Register(Script("local"), "0 0 10 * * *", zone: null);

        Assert.Equal("Asia/Tokyo", schedule.TimeZone);
        Assert.Equal("2026-01-01T10:00:00+09:00", CronTestTime.Show(schedule.NextRun)); // 00:00Z is 09:00 in Tokyo
    }

    [Fact]
    public void Long_schedules_keep_one_timer_armed_no_further_than_the_cap()
    {
        using var h = new SchedulerHarness();
        var schedule = h.Register("daily", "@daily");

        Assert.Equal(1, h.Clock.ActiveTimers);
        Assert.Equal(new[] { h.Now + ScriptScheduler.MaxTimerDue }, h.Clock.DueTimes);

        h.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(new[] { Start.AddDays(1), Start.AddDays(2) }, h.Runner.CallTimes);
        Assert.Equal(1, h.Clock.ActiveTimers);
        Assert.Equal(Start.AddDays(3), schedule.NextRun);
    }

    [Fact]
    public async Task Runs_on_the_system_clock_with_due_times_past_the_timer_limit()
    {
        // A real timer refuses due times past ~49.7 days; @yearly must still register. No waiting here.
        var runner = new FakeScriptRunner(TimeProvider.System);
        var scheduler = new ScriptScheduler(runner.Runner, TimeProvider.System);

        var schedule = scheduler.Register(Script("yearly"), "@yearly", TimeZoneInfo.Utc);

        Assert.True(schedule.NextRun > DateTimeOffset.UtcNow);
        await Infrastructure.Eventually.Within(scheduler.CloseAsync(), "close with nothing running");
        Assert.Null(schedule.NextRun);
    }
}
