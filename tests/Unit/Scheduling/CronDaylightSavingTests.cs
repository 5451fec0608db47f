using System.Linq;
using AgentProc.Scheduling;
using Xunit;
using static AgentProc.Tests.Scheduling.CronTestTime;

namespace AgentProc.Tests.Scheduling;

/// <summary>
/// Cronos's daylight-saving rule, which is Vixie cron's: a skipped time runs once right after the gap;
/// in a repeated hour a fixed-time job runs once, an interval job (<c>*</c>, <c>-</c> or <c>/</c> in the
/// seconds, minutes or hours) on both sides.
/// 2025 transitions: Europe/Berlin 03-30 02:00 CET -> 03:00 CEST and 10-26 03:00 CEST -> 02:00 CET;
/// America/New_York 03-09 02:00 EST -> 03:00 EDT and 11-02 02:00 EDT -> 01:00 EST;
/// America/Santiago 04-06 00:00 -03 -> 04-05 23:00 -04 and 09-07 00:00 -04 -> 01:00 -03;
/// Australia/Lord_Howe (half-hour shifts) 04-06 02:00 +11 -> 01:30 +10:30 and 10-05 02:00 +10:30 -> 02:30 +11.
/// </summary>
public class CronDaylightSavingTests
{
    private static string?[] Runs(string expression, string after, int count) =>
        CronSchedule.Parse(expression).GetOccurrences(Parse(after), count).Select(r => Show(r)).ToArray();

    private static string? Next(string expression, string after) =>
        Show(CronSchedule.Parse(expression).GetNextOccurrence(Parse(after)));

    // ---- Clocks forward: a skipped time runs once, right after the gap.

    [Fact]
    public void Berlin_spring_forward_runs_a_daily_job_in_the_gap_once_at_03_00()
    {
        Assert.Equal(new[]
        {
            "2025-03-29T02:30:00+01:00",
            "2025-03-30T03:00:00+02:00", // 02:30 does not exist: the first instant after the gap, 01:00Z
            "2025-03-31T02:30:00+02:00",
            "2025-04-01T02:30:00+02:00",
        }, Runs("CRON_TZ=Europe/Berlin 0 30 2 * * *", "2025-03-28T12:00:00Z", 4));
    }

    [Theory]
    [InlineData("CRON_TZ=Europe/Berlin 0 0,30 2 * * *")]
    [InlineData("CRON_TZ=Europe/Berlin 0 0 2,3 * * *")]
    public void Berlin_spring_forward_collapses_several_runs_into_one(string expression)
    {
        var runs = Runs(expression, "2025-03-29T23:00:00Z", 2);

        Assert.Equal("2025-03-30T03:00:00+02:00", runs[0]);
        Assert.StartsWith("2025-03-31T02:", runs[1]);
    }

    [Fact]
    public void Berlin_spring_forward_an_hourly_job_runs_its_skipped_time_right_after_the_gap()
    {
        Assert.Equal(new[]
        {
            "2025-03-30T01:30:00+01:00",
            "2025-03-30T03:00:00+02:00", // for 02:30
            "2025-03-30T03:30:00+02:00",
        }, Runs("CRON_TZ=Europe/Berlin 0 30 * * * *", "2025-03-30T00:00:00Z", 3));
    }

    [Fact]
    public void Berlin_spring_forward_an_every_minute_job_resumes_after_the_gap()
    {
        Assert.Equal(new[]
        {
            "2025-03-30T03:00:00+02:00",
            "2025-03-30T03:01:00+02:00",
        }, Runs("CRON_TZ=Europe/Berlin 0 * * * * *", "2025-03-30T00:59:00Z", 2));
    }

    [Fact]
    public void New_York_spring_forward_runs_a_daily_job_in_the_gap_once()
    {
        Assert.Equal(new[]
        {
            "2025-03-09T03:00:00-04:00",
            "2025-03-10T02:30:00-04:00",
        }, Runs("CRON_TZ=America/New_York 0 30 2 * * *", "2025-03-08T12:00:00Z", 2));
    }

    [Fact]
    public void New_York_spring_forward_a_half_hourly_job_loses_only_the_gap()
    {
        Assert.Equal(new[]
        {
            "2025-03-09T01:30:00-05:00",
            "2025-03-09T03:00:00-04:00", // 02:00 and 02:30 collapse into the regular 03:00 run
            "2025-03-09T03:30:00-04:00",
        }, Runs("TZ=America/New_York 0 */30 * * * *", "2025-03-09T06:00:00Z", 3));
    }

    [Fact]
    public void Santiago_spring_forward_runs_midnight_at_the_first_instant_of_the_day()
    {
        // Chile moves 00:00 to 01:00 on 2025-09-07, so that day has no midnight.
        Assert.Equal(new[]
        {
            "2025-09-07T01:00:00-03:00",
            "2025-09-08T00:00:00-03:00",
        }, Runs("CRON_TZ=America/Santiago @daily", "2025-09-06T12:00:00Z", 2));
    }

    [Fact]
    public void Lord_Howe_spring_forward_moves_runs_out_of_a_half_hour_gap()
    {
        // 02:00 +10:30 becomes 02:30 +11: 02:15 runs at 02:30, and 02:10, 02:20 collapse into that run.
        Assert.Equal("2025-10-05T02:30:00+11:00", Next("CRON_TZ=Australia/Lord_Howe 0 15 2 * * *", "2025-10-04T12:00:00Z"));
        Assert.Equal(new[]
        {
            "2025-10-05T01:50:00+10:30",
            "2025-10-05T02:30:00+11:00",
            "2025-10-05T02:40:00+11:00",
        }, Runs("CRON_TZ=Australia/Lord_Howe 0 */10 * * * *", "2025-10-04T15:15:00Z", 3));
    }

    // ---- Clocks back: fixed-time jobs once, interval jobs on both sides.

    [Fact]
    public void Berlin_fall_back_runs_a_daily_job_in_the_repeated_hour_once()
    {
        Assert.Equal(new[]
        {
            "2025-10-26T02:30:00+02:00",
            "2025-10-27T02:30:00+01:00",
        }, Runs("CRON_TZ=Europe/Berlin 0 30 2 * * *", "2025-10-25T12:00:00Z", 2));
    }

    [Fact]
    public void Berlin_fall_back_runs_several_fixed_times_once_each()
    {
        Assert.Equal(new[]
        {
            "2025-10-26T02:00:00+02:00",
            "2025-10-26T02:30:00+02:00",
            "2025-10-27T02:00:00+01:00",
        }, Runs("CRON_TZ=Europe/Berlin 0 0,30 2 * * *", "2025-10-25T12:00:00Z", 3));
    }

    [Fact]
    public void Berlin_fall_back_a_half_hourly_job_runs_on_both_sides()
    {
        Assert.Equal(new[]
        {
            "2025-10-26T01:30:00+02:00",
            "2025-10-26T02:00:00+02:00",
            "2025-10-26T02:30:00+02:00",
            "2025-10-26T02:00:00+01:00",
            "2025-10-26T02:30:00+01:00",
            "2025-10-26T03:00:00+01:00",
        }, Runs("CRON_TZ=Europe/Berlin 0 */30 * * * *", "2025-10-25T23:00:00Z", 6));
    }

    [Fact]
    public void A_range_of_one_hour_is_an_interval_job()
    {
        // Cronos's rule reads the shape, not the values: 2-2 is a range, so the job runs on both sides.
        Assert.Equal(new[]
        {
            "2025-10-26T02:30:00+02:00",
            "2025-10-26T02:30:00+01:00",
            "2025-10-27T02:30:00+01:00",
        }, Runs("CRON_TZ=Europe/Berlin 0 30 2-2 * * *", "2025-10-25T12:00:00Z", 3));
    }

    [Fact]
    public void New_York_fall_back_runs_a_daily_job_in_the_repeated_hour_once()
    {
        Assert.Equal(new[]
        {
            "2025-11-02T01:30:00-04:00",
            "2025-11-03T01:30:00-05:00",
        }, Runs("CRON_TZ=America/New_York 0 30 1 * * *", "2025-11-01T12:00:00Z", 2));
    }

    [Fact]
    public void New_York_fall_back_a_half_hourly_job_runs_on_both_sides_in_order()
    {
        var runs = CronSchedule.Parse("CRON_TZ=America/New_York 0 */30 * * * *")
            .GetOccurrences(Parse("2025-11-02T04:00:00Z"), 6);

        Assert.Equal(new[]
        {
            "2025-11-02T00:30:00-04:00",
            "2025-11-02T01:00:00-04:00",
            "2025-11-02T01:30:00-04:00",
            "2025-11-02T01:00:00-05:00",
            "2025-11-02T01:30:00-05:00",
            "2025-11-02T02:00:00-05:00",
        }, runs.Select(r => Show(r)));
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.Equal(30, (pair.Second - pair.First).TotalMinutes));
    }

    [Theory]
    // 06:15Z is 01:15 EST, the second pass: an interval job goes on, a fixed-time job already ran.
    [InlineData("CRON_TZ=America/New_York 0 */30 * * * *", "2025-11-02T06:15:00Z", "2025-11-02T01:30:00-05:00")]
    [InlineData("CRON_TZ=America/New_York * * * * * *", "2025-11-02T06:15:00Z", "2025-11-02T01:15:01-05:00")]
    [InlineData("CRON_TZ=America/New_York 0 30 1 * * *", "2025-11-02T06:15:00Z", "2025-11-03T01:30:00-05:00")]
    // 05:15Z is 01:15 EDT, the first pass: runs as usual.
    [InlineData("CRON_TZ=America/New_York 0 30 1 * * *", "2025-11-02T05:15:00Z", "2025-11-02T01:30:00-04:00")]
    [InlineData("CRON_TZ=America/New_York * * * * * *", "2025-11-02T05:15:00Z", "2025-11-02T01:15:01-04:00")]
    // The last second of the first pass: an interval job continues with the second pass.
    [InlineData("CRON_TZ=America/New_York * * * * * *", "2025-11-02T05:59:59Z", "2025-11-02T01:00:00-05:00")]
    [InlineData("CRON_TZ=America/New_York 0 30 1 * * *", "2025-11-02T05:45:00Z", "2025-11-03T01:30:00-05:00")]
    public void New_York_fall_back_the_next_run_from_inside_the_repeated_hour_depends_on_the_pass(string expression, string after, string expected)
    {
        Assert.Equal(expected, Next(expression, after));
    }

    [Fact]
    public void Santiago_fall_back_repeats_the_last_hour_of_the_day()
    {
        Assert.Equal(new[]
        {
            "2025-04-05T23:30:00-03:00",
            "2025-04-06T23:30:00-04:00",
        }, Runs("CRON_TZ=America/Santiago 0 30 23 * * *", "2025-04-05T12:00:00Z", 2));
        Assert.Equal(new[]
        {
            "2025-04-05T23:00:00-03:00",
            "2025-04-05T23:30:00-03:00",
            "2025-04-05T23:00:00-04:00",
            "2025-04-05T23:30:00-04:00",
            "2025-04-06T23:00:00-04:00",
        }, Runs("CRON_TZ=America/Santiago 0 */30 23 * * *", "2025-04-05T12:00:00Z", 5));
        Assert.Equal("2025-04-06T00:00:00-04:00", Next("CRON_TZ=America/Santiago @daily", "2025-04-05T12:00:00Z"));
    }

    [Fact]
    public void Lord_Howe_fall_back_repeats_a_half_hour()
    {
        // 02:00 +11 becomes 01:30 +10:30, so 01:30-01:59 happens twice.
        Assert.Equal(new[]
        {
            "2025-04-06T01:45:00+11:00",
            "2025-04-07T01:45:00+10:30",
        }, Runs("CRON_TZ=Australia/Lord_Howe 0 45 1 * * *", "2025-04-05T12:00:00Z", 2));
        Assert.Equal(new[]
        {
            "2025-04-06T01:15:00+11:00",
            "2025-04-06T01:30:00+11:00",
            "2025-04-06T01:45:00+11:00",
            "2025-04-06T01:30:00+10:30",
            "2025-04-06T01:45:00+10:30",
            "2025-04-07T01:00:00+10:30",
        }, Runs("CRON_TZ=Australia/Lord_Howe 0 */15 1 * * *", "2025-04-05T14:00:00Z", 6));
    }

    [Fact]
    public void At_every_follows_real_time_through_the_repeated_hour()
    {
        Assert.Equal(new[]
        {
            "2025-11-02T01:30:00-04:00",
            "2025-11-02T01:30:00-05:00",
            "2025-11-02T02:30:00-05:00",
        }, Runs("CRON_TZ=America/New_York @every 1h", "2025-11-02T04:30:00Z", 3));
    }
}
