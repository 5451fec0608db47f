using System;
using System.Linq;
using AgentProc.Errors;
using AgentProc.Scheduling;
using Xunit;
using static AgentProc.Tests.Scheduling.SchedulerHarness;

namespace AgentProc.Tests.Scheduling;

public class ScriptSchedulerRegistrationTests
{
    [Fact]
    public void A_new_schedule_shows_its_definition_and_next_run()
    {
        using var h = new SchedulerHarness();
        h.Advance(3);

        var schedule = h.Scheduler.Register(Script("backup", TimeSpan.FromMinutes(5), "backup.log"), " 0 */15 * * * * ", TimeZoneInfo.Utc);

        Assert.Equal("backup", schedule.Name);
        Assert.Equal(" 0 */15 * * * * ", schedule.Cron); // as given
        Assert.Equal("UTC", schedule.TimeZone);
        Assert.Equal(At(15 * 60), schedule.NextRun);
        Assert.Null(schedule.LastRun);
        Assert.Null(schedule.LastResult);
        Assert.False(schedule.IsRunning);
        Assert.Equal(0, schedule.Runs);
        Assert.Equal(0, schedule.SkippedOverlaps);
        Assert.Equal(At(3), schedule.RegisteredAt);
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.Timeout);
        Assert.Equal("backup.log", schedule.LogPath);
        Assert.Equal("backup", schedule.ToString());
        Assert.Equal(1, h.Clock.ActiveTimers);
    }

    [Fact]
    public void List_is_a_snapshot_ordered_by_name_and_get_ignores_case()
    {
        using var h = new SchedulerHarness();
        h.Register("beta", "@hourly");
        h.Register("Alpha", "@hourly");
        h.Register("gamma", "@hourly");

        var list = h.Scheduler.List();
        h.Register("delta", "@hourly");

        Assert.Equal(new[] { "Alpha", "beta", "gamma" }, list.Select(s => s.Name));
        Assert.Equal(4, h.Scheduler.List().Count);
        Assert.Same(h.Scheduler.List()[0], h.Scheduler.Get("ALPHA"));
    }

    [Fact]
    public void Get_of_an_unknown_name_is_object_not_found_naming_it()
    {
        using var h = new SchedulerHarness();

        var error = Assert.Throws<AgentProcException>(() => h.Scheduler.Get("nope"));

        Assert.Equal("AgentScheduleNotFound", error.ErrorId);
        Assert.Equal(AgentErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("'nope'", error.Message);
        Assert.Equal("nope", error.Target);
    }

    [Fact]
    public void A_duplicate_name_in_any_case_is_refused_and_the_first_keeps_running()
    {
        using var h = new SchedulerHarness();
        var first = h.Register("Nightly", "*/10 * * * * *");

        var error = Assert.Throws<AgentProcException>(() => h.Register("nightly", "* * * * * *"));

        Assert.Equal("AgentScheduleExists", error.ErrorId);
        Assert.Equal(AgentErrorKind.ResourceExists, error.Kind);
        Assert.Contains("'nightly'", error.Message);
        Assert.Equal("nightly", error.Target);
        Assert.Single(h.Scheduler.List());
        Assert.Equal(1, h.Clock.ActiveTimers);

        h.Advance(10);
        Assert.Equal(1, first.Runs);
        Assert.Equal("*/10 * * * * *", first.Cron);
    }

    [Theory]
    [InlineData("61 * * * * *", "second", "61")]
    [InlineData("0 0 25 * * *", "hour", "25")]
    [InlineData("* * *", null, null)]
    [InlineData("CRON_TZ=Nowhere/City * * * * * *", "time zone", "Nowhere/City")]
    public void An_invalid_expression_is_rethrown_as_is_before_anything_is_registered(string cron, string? field, string? value)
    {
        using var h = new SchedulerHarness();

        var error = Assert.Throws<CronFormatException>(() => h.Register("bad", cron));

        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Value);
        Assert.Equal(cron, error.Expression);
        Assert.Empty(h.Scheduler.List());
        Assert.Equal(0, h.Clock.ActiveTimers);
        h.Advance(120);
        Assert.Empty(h.Runner.Calls);
    }

    [Fact]
    public void The_expression_is_checked_before_the_name_is_looked_up()
    {
        using var h = new SchedulerHarness();
        h.Register("dup", "@hourly");

        Assert.Throws<CronFormatException>(() => h.Register("dup", "not cron"));
    }

    [Fact]
    public void An_expression_that_never_runs_is_refused()
    {
        using var h = new SchedulerHarness();

        var error = Assert.Throws<AgentProcException>(() => h.Register("never", "0 0 0 30 2 *"));

        Assert.Equal("AgentScheduleNeverRuns", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("'0 0 0 30 2 *'", error.Message);
        Assert.Empty(h.Scheduler.List());
        Assert.Equal(0, h.Clock.ActiveTimers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_name_is_refused(string name)
    {
        using var h = new SchedulerHarness();

        var error = Assert.Throws<AgentProcException>(() => h.Register(name, "@hourly"));

        Assert.Equal("AgentScheduleInvalidName", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(h.Scheduler.List());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_timeout_that_is_not_positive_is_refused(int seconds)
    {
        using var h = new SchedulerHarness();

        var error = Assert.Throws<AgentProcException>(
            () => h.Scheduler.Register(Script("t", TimeSpan.FromSeconds(seconds)), "@hourly", null));

        Assert.Equal("AgentProcessInvalidTimeout", error.ErrorId);
        Assert.Empty(h.Scheduler.List());
    }

    [Fact]
    public void A_history_capacity_below_one_is_refused()
    {
        var clock = new Infrastructure.ManualTimeProvider();
        var runner = new FakeScriptRunner(clock);

        var error = Assert.Throws<AgentProcException>(() => new ScriptScheduler(runner.Runner, clock, historyCapacity: 0));

        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("'0'", error.Message);
    }
}
