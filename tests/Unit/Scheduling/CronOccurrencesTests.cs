using System;
using System.Linq;
using AgentProc.Errors;
using AgentProc.Scheduling;
using Xunit;
using static AgentProc.Tests.Scheduling.CronTestTime;

namespace AgentProc.Tests.Scheduling;

public class CronOccurrencesTests
{
    [Fact]
    public void Lists_the_next_runs_strictly_after_the_instant()
    {
        var runs = CronOccurrences.Next("*/15 * * * * *", Parse("2026-01-01T00:00:00Z"), 3, TimeZoneInfo.Utc);

        Assert.Equal(
            new[] { "2026-01-01T00:00:15+00:00", "2026-01-01T00:00:30+00:00", "2026-01-01T00:00:45+00:00" },
            runs.Select(r => Show(r)));
    }

    [Fact]
    public void Gives_the_runs_in_the_zones_offset()
    {
        var runs = CronOccurrences.Next("0 0 9 * * *", Parse("2026-03-07T00:00:00Z"), 2, Zone("America/New_York"));

        Assert.Equal(new[] { "2026-03-07T09:00:00-05:00", "2026-03-08T09:00:00-04:00" }, runs.Select(r => Show(r)));
    }

    [Fact]
    public void Accepts_the_largest_count()
    {
        var runs = CronOccurrences.Next("* * * * * *", Parse("2026-01-01T00:00:00Z"), EngineErrors.MaxCronOccurrences, TimeZoneInfo.Utc);

        Assert.Equal(10000, runs.Count);
        Assert.Equal(Parse("2026-01-01T02:46:40Z"), runs[^1]);
    }

    [Fact]
    public void A_schedule_without_runs_gives_none()
    {
        Assert.Empty(CronOccurrences.Next("0 0 0 30 2 *", Parse("2026-01-01T00:00:00Z"), 5, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10001)]
    public void A_count_outside_one_to_ten_thousand_is_refused_naming_it(int count)
    {
        var error = Assert.Throws<AgentProcException>(() => CronOccurrences.Next("@hourly", DateTimeOffset.UtcNow, count, null));

        Assert.Equal("AgentCronInvalidCount", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"'{count}'", error.Message);
        Assert.Contains("1 to 10000", error.Message);
        Assert.Equal(count, error.Target);
    }

    [Fact]
    public void An_invalid_expression_is_a_cron_format_error()
    {
        var error = Assert.Throws<CronFormatException>(() => CronOccurrences.Next("0 61 * * * *", DateTimeOffset.UtcNow, 1, null));

        Assert.Equal("minute", error.Field);
    }
}
