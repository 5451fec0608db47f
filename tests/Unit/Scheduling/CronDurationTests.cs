using System;
using AgentProc.Scheduling;
using Xunit;

namespace AgentProc.Tests.Scheduling;

public class CronDurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("+5s", 5)]
    [InlineData("2000ms", 2)]
    [InlineData("1m30.0s", 90)]
    [InlineData("00:05:00", 300)]
    [InlineData("1.00:00:00", 86400)]
    public void Parses_Go_durations_and_time_spans(string text, int seconds)
    {
        Assert.True(CronDuration.TryParse(text, out var interval, out var problem), problem);
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1s")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("1d")]
    [InlineData("1H")]
    [InlineData("1 h")]
    [InlineData("-")]
    // robfig's Every rounds these to whole seconds without a word; here they are errors.
    [InlineData("1m30.9s")]
    [InlineData("500ms")]
    [InlineData("1ns")]
    [InlineData("100us")]
    [InlineData("100\u00b5s")]
    [InlineData("00:00:00.5")]
    public void Rejects_what_Go_rejects_and_non_positive_durations(string text)
    {
        Assert.False(CronDuration.TryParse(text, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
