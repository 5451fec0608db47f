using System;
using AgentProc.Errors;
using AgentProc.Scheduling;
using Xunit;

namespace AgentProc.Tests.Scheduling;

public sealed class CronHintsTests
{
    [Theory]
    [InlineData("*/5 * * * *", true)]
    [InlineData("CRON_TZ=UTC 0 0 12 * *", true)]
    [InlineData("0 */5 * * * *", false)]
    [InlineData("@every 5m", false)]
    [InlineData("@daily", false)]
    public void Five_field_expressions_get_a_hint_that_seconds_come_first(string expression, bool hinted)
    {
        var hint = CronHints.FiveFieldWarning(expression);
        Assert.Equal(hinted, hint != null);
        if (hint != null)
        {
            Assert.Contains(expression, hint);
            Assert.Contains("seconds", hint);
        }
    }

    [Fact]
    public void Fewer_occurrences_than_asked_are_said()
    {
        Assert.Null(CronHints.FewerThanAsked("@daily", 5, 5));
        Assert.Contains("never fires", CronHints.FewerThanAsked("0 0 0 30 2 *", 0, 5));
        Assert.Contains("only 2 time(s)", CronHints.FewerThanAsked("x", 2, 5));
    }

    [Fact]
    public void Described_occurrences_name_their_expression_zone_and_time()
    {
        var after = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var occurrences = CronOccurrences.Describe("0 0 12 * * *", after, 2, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.Equal(2, occurrences.Count);
        Assert.All(occurrences, o => Assert.Equal("Asia/Tokyo", o.TimeZone));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.FromHours(9)), occurrences[0].Time);
        Assert.Equal(TimeSpan.FromHours(9), occurrences[0].Time.Offset);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero), occurrences[0].UtcTime);
        Assert.Equal("2026-01-01 12:00:00 +09:00", occurrences[0].ToString());
        Assert.Throws<AgentProcException>(() => CronOccurrences.Describe("@daily", after, 0, null));
    }
}
