using System;
using System.Linq;
using AgentProc.Scheduling;
using Xunit;
using static AgentProc.Tests.Scheduling.CronTestTime;

namespace AgentProc.Tests.Scheduling;

public class CronScheduleTests
{
    // Weekdays for reading the table: 2025-01-01 Wed, 01-03 Fri, 01-04 Sat, 01-05 Sun, 01-06 Mon,
    // 01-10 Fri, 01-13 Mon, 01-17 Fri. Expressions are parsed with UTC unless they carry a prefix.
    [Theory]
    // Every second; a fraction of a second in `after` still moves to the next whole second.
    [InlineData("* * * * * *", "2025-01-01T00:00:00Z", "2025-01-01T00:00:01+00:00")]
    [InlineData("* * * * * *", "2025-01-01T00:00:00.5Z", "2025-01-01T00:00:01+00:00")]
    [InlineData("* * * * * *", "2025-12-31T23:59:59Z", "2026-01-01T00:00:00+00:00")]
    // Steps wrap: */7 is 0,7,...,56, so after 56 comes 0 of the next minute/hour.
    [InlineData("*/7 * * * * *", "2025-01-01T00:00:50Z", "2025-01-01T00:00:56+00:00")]
    [InlineData("*/7 * * * * *", "2025-01-01T00:00:56Z", "2025-01-01T00:01:00+00:00")]
    [InlineData("0 */7 * * * *", "2025-01-01T00:50:00Z", "2025-01-01T00:56:00+00:00")]
    [InlineData("0 */7 * * * *", "2025-01-01T00:56:00Z", "2025-01-01T01:00:00+00:00")]
    [InlineData("30 5 * * * *", "2025-01-01T10:05:30Z", "2025-01-01T11:05:30+00:00")]
    [InlineData("0 5/15 * * * *", "2025-01-01T00:50:00Z", "2025-01-01T01:05:00+00:00")]
    [InlineData("0 10-20/5,45 * * * *", "2025-01-01T00:21:00Z", "2025-01-01T00:45:00+00:00")]
    [InlineData("0 10-20/5,45 * * * *", "2025-01-01T00:46:00Z", "2025-01-01T01:10:00+00:00")]
    [InlineData("0 0 */6 * * *", "2025-01-01T19:00:00Z", "2025-01-02T00:00:00+00:00")]
    [InlineData("59 59 23 31 12 *", "2025-12-31T23:59:59Z", "2026-12-31T23:59:59+00:00")]
    // Names, in any case.
    [InlineData("0 0 9 * * MON-FRI", "2025-01-03T09:00:00Z", "2025-01-06T09:00:00+00:00")]
    [InlineData("0 0 9 * * mon-fri", "2025-01-04T12:00:00Z", "2025-01-06T09:00:00+00:00")]
    [InlineData("0 0 9 * * Mon-Fri", "2025-01-01T08:00:00Z", "2025-01-01T09:00:00+00:00")]
    [InlineData("0 0 0 1 JAN,JUL *", "2025-01-01T00:00:00Z", "2025-07-01T00:00:00+00:00")]
    [InlineData("0 0 0 1 jan,jul *", "2025-07-01T00:00:00Z", "2026-01-01T00:00:00+00:00")]
    [InlineData("0 0 0 1 */3 *", "2025-01-01T00:00:00Z", "2025-04-01T00:00:00+00:00")]
    [InlineData("0 0 0 * * SAT,SUN", "2025-01-01T00:00:00Z", "2025-01-04T00:00:00+00:00")]
    // Leap days and month ends.
    [InlineData("0 0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00+00:00")]
    [InlineData("0 0 0 29 FEB *", "2024-02-29T00:00:00Z", "2028-02-29T00:00:00+00:00")]
    [InlineData("0 0 0 31 * *", "2025-03-31T00:00:00Z", "2025-05-31T00:00:00+00:00")]
    [InlineData("0 0 0 31 * *", "2025-05-31T00:00:00Z", "2025-07-31T00:00:00+00:00")]
    [InlineData("0 0 0 30 * *", "2025-01-30T00:00:00Z", "2025-03-30T00:00:00+00:00")]
    // Day-of-month and day-of-week both restricted: either matches (OR).
    [InlineData("0 0 0 13 * FRI", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00+00:00")]
    [InlineData("0 0 0 13 * FRI", "2025-01-10T00:00:00Z", "2025-01-13T00:00:00+00:00")]
    [InlineData("0 0 0 13 * FRI", "2025-01-13T00:00:00Z", "2025-01-17T00:00:00+00:00")]
    [InlineData("0 0 0 1-7 * MON", "2025-01-07T00:00:00Z", "2025-01-13T00:00:00+00:00")]
    // A stepped star (*/2) is restricted, as in robfig: odd days OR Fridays, so 01-05 (AND would give 01-17).
    [InlineData("0 0 0 */2 * FRI", "2025-01-03T00:00:00Z", "2025-01-05T00:00:00+00:00")]
    // One side '*' or '?': both must match (AND), which here means the other side decides.
    [InlineData("0 0 0 13 * *", "2025-01-01T00:00:00Z", "2025-01-13T00:00:00+00:00")]
    [InlineData("0 0 0 13 * ?", "2025-01-01T00:00:00Z", "2025-01-13T00:00:00+00:00")]
    [InlineData("0 0 0 * * FRI", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00+00:00")]
    [InlineData("0 0 0 ? * FRI", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00+00:00")]
    [InlineData("0 0 0 */1 * FRI", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00+00:00")] // step 1 keeps the star
    [InlineData("0 0 0 13 * *,FRI", "2025-01-01T00:00:00Z", "2025-01-13T00:00:00+00:00")] // a '*' item keeps it too
    // A stepped star in day-of-week is restricted too, and stops at 6 (robfig): Sun, Tue, Thu, Sat.
    [InlineData("0 0 0 * * */2", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00+00:00")]
    [InlineData("0 0 0 * * 1/2", "2025-01-03T00:00:00Z", "2025-01-06T00:00:00+00:00")] // 1-6/2: not Sunday
    // Day-of-week 0 and 7 are both Sunday.
    [InlineData("0 0 0 * * 7", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00+00:00")]
    [InlineData("0 0 0 * * 0", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00+00:00")]
    [InlineData("0 0 0 * * 5-7", "2025-01-05T00:00:00Z", "2025-01-10T00:00:00+00:00")]
    [InlineData("0 0 0 * * 5-7", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00+00:00")]
    [InlineData("0 0 0 * * 1-7/2", "2025-01-03T00:00:00Z", "2025-01-05T00:00:00+00:00")]
    [InlineData("0 0 0 * * FRI-7", "2025-01-05T00:00:00Z", "2025-01-10T00:00:00+00:00")]
    // Shapes robfig takes and Cronos alone would not: a step past the field's end, leading zeros.
    [InlineData("*/90 * * * * *", "2025-01-01T00:00:00Z", "2025-01-01T00:01:00+00:00")]
    [InlineData("0 10/90 * * * *", "2025-01-01T00:10:00Z", "2025-01-01T01:10:00+00:00")]
    [InlineData("05 005 * * * *", "2025-01-01T00:00:00Z", "2025-01-01T00:05:05+00:00")]
    // Cronos's day forms: L, L-n, LW, nW in day-of-month; nL and n#k in day-of-week.
    [InlineData("0 0 0 L * *", "2025-01-01T00:00:00Z", "2025-01-31T00:00:00+00:00")]
    [InlineData("0 0 0 l 2 *", "2025-01-01T00:00:00Z", "2025-02-28T00:00:00+00:00")]
    [InlineData("0 0 0 L-2 * *", "2025-01-01T00:00:00Z", "2025-01-29T00:00:00+00:00")]
    [InlineData("0 0 0 LW * *", "2025-05-01T00:00:00Z", "2025-05-30T00:00:00+00:00")] // 31 May 2025 is a Saturday
    [InlineData("0 0 0 15W * *", "2025-02-01T00:00:00Z", "2025-02-14T00:00:00+00:00")] // 15 February is a Saturday
    [InlineData("0 0 0 * * FRI#2", "2025-01-01T00:00:00Z", "2025-01-10T00:00:00+00:00")]
    [InlineData("0 0 0 ? * 1#1", "2025-01-01T00:00:00Z", "2025-01-06T00:00:00+00:00")]
    [InlineData("0 0 0 * * 5L", "2025-01-01T00:00:00Z", "2025-01-31T00:00:00+00:00")]
    [InlineData("0 0 0 * * friL", "2025-02-01T00:00:00Z", "2025-02-28T00:00:00+00:00")]
    // ... and restricted for the day rule: the last day OR Mondays; the 1st OR the second Monday.
    [InlineData("0 0 0 L * MON", "2025-01-25T00:00:00Z", "2025-01-27T00:00:00+00:00")]
    [InlineData("0 0 0 L * MON", "2025-01-28T00:00:00Z", "2025-01-31T00:00:00+00:00")]
    [InlineData("0 0 0 1 * MON#2", "2025-01-02T00:00:00Z", "2025-01-13T00:00:00+00:00")]
    // Five fields: seconds first, day-of-week omitted.
    [InlineData("0 30 9 * *", "2025-01-01T10:00:00Z", "2025-01-02T09:30:00+00:00")]
    [InlineData("15 */10 * * JAN", "2025-01-31T23:50:15Z", "2026-01-01T00:00:15+00:00")]
    [InlineData("  0   0\t12 * *  ", "2025-01-01T00:00:00Z", "2025-01-01T12:00:00+00:00")]
    // Descriptors.
    [InlineData("@yearly", "2025-06-01T00:00:00Z", "2026-01-01T00:00:00+00:00")]
    [InlineData("@annually", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00+00:00")]
    [InlineData("@monthly", "2025-01-15T00:00:00Z", "2025-02-01T00:00:00+00:00")]
    [InlineData("@weekly", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00+00:00")]
    [InlineData("@daily", "2025-01-01T12:00:00Z", "2025-01-02T00:00:00+00:00")]
    [InlineData("@midnight", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00+00:00")]
    [InlineData("@hourly", "2025-01-01T12:30:00Z", "2025-01-01T13:00:00+00:00")]
    [InlineData("@HOURLY", "2025-01-01T12:30:00Z", "2025-01-01T13:00:00+00:00")]
    // @every: `after` truncated to the second, plus the interval.
    [InlineData("@every 90s", "2025-01-01T00:00:00.75Z", "2025-01-01T00:01:30+00:00")]
    [InlineData("@every 1h30m", "2025-01-01T00:00:00Z", "2025-01-01T01:30:00+00:00")]
    [InlineData("@every 2m", "2025-01-01T00:00:10Z", "2025-01-01T00:02:10+00:00")]
    [InlineData("@every 1h", "2025-01-01T23:30:00Z", "2025-01-02T00:30:00+00:00")]
    [InlineData("@every 1.5h", "2025-01-01T00:00:00Z", "2025-01-01T01:30:00+00:00")]
    [InlineData("@every 1000ms", "2025-01-01T00:00:00.9Z", "2025-01-01T00:00:01+00:00")]
    [InlineData("@every 00:05:00", "2025-01-01T00:00:00Z", "2025-01-01T00:05:00+00:00")]
    [InlineData("@every 1.00:00:00", "2025-01-01T06:00:00Z", "2025-01-02T06:00:00+00:00")]
    // Time zone prefixes: fields match the zone's wall clock, results carry its offset.
    [InlineData("CRON_TZ=Europe/Berlin 0 0 9 * * *", "2025-01-01T00:00:00Z", "2025-01-01T09:00:00+01:00")]
    [InlineData("TZ=America/New_York 0 0 9 * * *", "2025-07-01T00:00:00Z", "2025-07-01T09:00:00-04:00")]
    [InlineData("cron_tz=Asia/Tokyo @daily", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00+09:00")]
    [InlineData("CRON_TZ=Asia/Kolkata 0 30 9 * * MON", "2025-01-06T03:00:00Z", "2025-01-06T09:30:00+05:30")]
    [InlineData("CRON_TZ=UTC 0 0 0 1 1 *", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00+00:00")]
    [InlineData("TZ=Europe/Berlin @every 1h", "2025-01-01T00:00:00Z", "2025-01-01T02:00:00+01:00")]
    // Never fires, or not within the five-year search.
    [InlineData("0 0 0 30 2 *", "2025-01-01T00:00:00Z", null)]
    [InlineData("0 0 0 31 4,6,9,11 *", "2025-01-01T00:00:00Z", null)]
    [InlineData("0 0 0 29 2 *", "2097-01-01T00:00:00Z", null)] // 2100 is no leap year; 2104 is beyond five years.
    [InlineData("0 0 0 29 2 *", "2099-03-01T00:00:00Z", "2104-02-29T00:00:00+00:00")]
    public void The_next_occurrence_is_the_first_matching_time_after_the_instant(string expression, string after, string? expected)
    {
        var schedule = CronSchedule.Parse(expression, TimeZoneInfo.Utc);

        Assert.Equal(expected, Show(schedule.GetNextOccurrence(Parse(after))));
    }

    [Fact]
    public void The_zone_argument_is_used_without_a_prefix()
    {
        var berlin = Zone("Europe/Berlin");
        var schedule = CronSchedule.Parse("0 0 9 * * *", berlin);

        Assert.Same(berlin, schedule.TimeZone);
        Assert.Equal("2025-07-01T09:00:00+02:00", Show(schedule.GetNextOccurrence(Parse("2025-07-01T00:00:00Z"))));
    }

    [Fact]
    public void A_prefix_wins_over_the_zone_argument()
    {
        var schedule = CronSchedule.Parse("CRON_TZ=Europe/Berlin 0 0 9 * * *", TimeZoneInfo.Utc);

        Assert.Equal("Europe/Berlin", schedule.TimeZone.Id);
    }

    [Fact]
    public void The_local_zone_is_the_default()
    {
        // By id: TimeZoneConverter's first use (other tests) clears .NET's cache, so Local may be a new object.
        Assert.Equal(TimeZoneInfo.Local.Id, CronSchedule.Parse("0 0 9 * * *").TimeZone.Id);
    }

    [Theory]
    [InlineData("CRON_TZ=UTC * * * * * *")]
    [InlineData("TZ=Etc/UTC * * * * * *")]
    public void UTC_names_need_no_zone_database(string expression)
    {
        Assert.Same(TimeZoneInfo.Utc, CronSchedule.Parse(expression).TimeZone);
    }

    [Fact]
    public void The_expression_is_kept_as_given()
    {
        const string text = "  CRON_TZ=UTC  0 0 9 * *  ";

        Assert.Equal(text, CronSchedule.Parse(text).Expression);
        Assert.Equal(text, CronSchedule.Parse(text).ToString());
    }

    [Theory]
    [InlineData("@every 90s", 90)]
    [InlineData("@every 1h30m", 5400)]
    [InlineData("@every 1000ms", 1)]
    [InlineData("@every 00:05:00", 300)]
    public void The_interval_is_the_duration_given_to_at_every(string expression, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CronSchedule.Parse(expression, TimeZoneInfo.Utc).Interval);
    }

    [Theory]
    [InlineData("0 0 9 * * *")]
    [InlineData("@daily")]
    public void The_interval_is_null_for_calendar_schedules(string expression)
    {
        Assert.Null(CronSchedule.Parse(expression, TimeZoneInfo.Utc).Interval);
    }

    [Theory]
    [InlineData("* * * * * *")]
    [InlineData("*/7 */7 * * * *")]
    [InlineData("0 0 0 13 * FRI")]
    [InlineData("0 0 0 31 * *")]
    [InlineData("@every 90s")]
    [InlineData("CRON_TZ=America/New_York 0 */30 * * * *")]
    [InlineData("CRON_TZ=Europe/Berlin 0 30 2 * * *")]
    [InlineData("CRON_TZ=Europe/Berlin 0 30 * * * *")]
    [InlineData("CRON_TZ=Australia/Lord_Howe 0 */10 * * * *")]
    [InlineData("CRON_TZ=America/Santiago 0 0 0 L * MON")]
    [InlineData("0 0 0 31 2 MON")]
    public void Occurrences_strictly_increase(string expression)
    {
        var schedule = CronSchedule.Parse(expression, TimeZoneInfo.Utc);
        var after = Parse("2025-01-01T00:00:00Z");

        var runs = schedule.GetOccurrences(after, 200);

        Assert.Equal(200, runs.Count);
        Assert.True(runs[0] > after);
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.First:o} then {pair.Second:o}"));
    }

    [Fact]
    public void Occurrences_cover_a_year_of_daylight_saving_every_half_hour_of_real_time()
    {
        // Every 30 minutes for a year in a zone with both transitions: 48 runs a day, except 46 on the
        // spring day (02:00 and 02:30 do not exist and collapse into the 03:00 run) and 50 on the autumn
        // day (an interval job runs in both passes of the repeated 01:00 hour). So 365 * 48, none twice.
        var schedule = CronSchedule.Parse("CRON_TZ=America/New_York 0 */30 * * * *");
        var after = Parse("2025-01-01T00:00:00-05:00");

        var runs = schedule.GetOccurrences(after, 365 * 48);

        Assert.Equal("2026-01-01T00:00:00-05:00", Show(runs[^1]));
        Assert.Equal(runs.Count, runs.Select(r => r.UtcTicks).Distinct().Count());
    }

    [Fact]
    public void Occurrences_stop_when_the_schedule_ends()
    {
        var schedule = CronSchedule.Parse("0 0 0 30 2 *", TimeZoneInfo.Utc);

        Assert.Empty(schedule.GetOccurrences(Parse("2025-01-01T00:00:00Z"), 5));
    }

    [Fact]
    public void Zero_occurrences_are_empty_and_a_negative_count_is_rejected()
    {
        var schedule = CronSchedule.Parse("* * * * * *", TimeZoneInfo.Utc);

        Assert.Empty(schedule.GetOccurrences(Parse("2025-01-01T00:00:00Z"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.GetOccurrences(Parse("2025-01-01T00:00:00Z"), -1));
    }

    [Fact]
    public void Occurrences_follow_the_list_in_order()
    {
        var schedule = CronSchedule.Parse("0 0 9 * * MON,WED,FRI", TimeZoneInfo.Utc);

        var runs = schedule.GetOccurrences(Parse("2025-01-01T09:00:00Z"), 4).Select(r => Show(r)).ToArray();

        Assert.Equal(new[]
        {
            "2025-01-03T09:00:00+00:00",
            "2025-01-06T09:00:00+00:00",
            "2025-01-08T09:00:00+00:00",
            "2025-01-10T09:00:00+00:00",
        }, runs);
    }

    [Fact]
    public void The_ends_of_the_calendar_give_no_run_rather_than_an_error()
    {
        var schedule = CronSchedule.Parse("CRON_TZ=America/New_York * * * * * *");

        Assert.Null(schedule.GetNextOccurrence(DateTimeOffset.MaxValue));
        Assert.Null(CronSchedule.Parse("@every 1h").GetNextOccurrence(DateTimeOffset.MaxValue));
        Assert.NotNull(schedule.GetNextOccurrence(DateTimeOffset.MinValue));
    }

    [Fact]
    public void TryParse_returns_the_schedule()
    {
        Assert.True(CronSchedule.TryParse("@hourly", TimeZoneInfo.Utc, out var schedule, out var error));
        Assert.NotNull(schedule);
        Assert.Null(error);
    }
}
