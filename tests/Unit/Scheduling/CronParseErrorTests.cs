using System;
using AgentProc.Scheduling;
using Xunit;

namespace AgentProc.Tests.Scheduling;

public class CronParseErrorTests
{
    private static CronFormatException Fails(string? expression)
    {
        var error = Assert.Throws<CronFormatException>(() => CronSchedule.Parse(expression!, TimeZoneInfo.Utc));

        // TryParse reports the same error without throwing.
        Assert.False(CronSchedule.TryParse(expression!, TimeZoneInfo.Utc, out var schedule, out var tried));
        Assert.Null(schedule);
        Assert.Equal(error.Message, tried!.Message);
        return error;
    }

    [Fact]
    public void The_message_names_the_field_the_value_and_what_is_accepted()
    {
        var error = Fails("0 61 * * * *");

        Assert.StartsWith(
            "Invalid cron expression '0 61 * * * *': the minute field '61' is not valid (accepted: 0-59, *, lists, ranges, steps).",
            error.Message);
        Assert.Equal("0 61 * * * *", error.Expression);
        Assert.Equal("minute", error.Field);
        Assert.Equal("61", error.Value);
        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    [Theory]
    [InlineData("60 * * * * *", "second", "60")]
    [InlineData("x * * * * *", "second", "x")]
    [InlineData("0 61 * * * *", "minute", "61")]
    [InlineData("0 -1 * * * *", "minute", "-1")]
    [InlineData("0 0 24 * * *", "hour", "24")]
    [InlineData("0 0 +5 * * *", "hour", "+5")]
    [InlineData("0 0 0 0 * *", "day-of-month", "0")]
    [InlineData("0 0 0 32 * *", "day-of-month", "32")]
    [InlineData("0 0 0 1 13 *", "month", "13")]
    [InlineData("0 0 0 1 0 *", "month", "0")]
    [InlineData("0 0 0 1 JANUARY *", "month", "JANUARY")]
    [InlineData("0 0 0 1 FOO *", "month", "FOO")]
    [InlineData("0 0 0 * * 8", "day-of-week", "8")]
    [InlineData("0 0 0 * * MONDAY", "day-of-week", "MONDAY")]
    [InlineData("0 0 0 * * MO", "day-of-week", "MO")]
    [InlineData("0 0 0 * * XYZ", "day-of-week", "XYZ")]
    // Cronos's day forms, misplaced or out of bounds.
    [InlineData("0 0 0 L,15 * *", "day-of-month", "L,15")]
    [InlineData("0 0 0 L-31 * *", "day-of-month", "L-31")]
    [InlineData("0 0 0 32W * *", "day-of-month", "32W")]
    [InlineData("0 0 0 1-5W * *", "day-of-month", "1-5W")]
    [InlineData("0 0 0 * * FRI#6", "day-of-week", "FRI#6")]
    [InlineData("0 0 0 * * FRI#0", "day-of-week", "FRI#0")]
    [InlineData("0 0 0 * * 8L", "day-of-week", "8L")]
    [InlineData("0 0 0 * * L", "day-of-week", "L")]
    [InlineData("0 0 0 * * MON#2,FRI", "day-of-week", "MON#2,FRI")]
    [InlineData("0 0 0 * 2 5W", "day-of-week", "5W")]
    [InlineData("0 0 L * * *", "hour", "L")]
    [InlineData("0 0 0 1 L *", "month", "L")]
    // Cronos's jitter is not taken.
    [InlineData("H * * * * *", "second", "H")]
    // Shapes Cronos alone would accept: backwards ranges (it wraps them around the end).
    [InlineData("0 20-10 * * * *", "minute", "20-10")]
    [InlineData("0 0 22-2 * * *", "hour", "22-2")]
    [InlineData("0 0 0 * * FRI-MON", "day-of-week", "FRI-MON")]
    [InlineData("0 0 0 1 DEC-FEB *", "month", "DEC-FEB")]
    [InlineData("*/0 * * * * *", "second", "*/0")]
    [InlineData("0 */99999999999 * * * *", "minute", "*/99999999999")]
    [InlineData("0 99999999999 * * * *", "minute", "99999999999")]
    [InlineData("0 1,,2 * * * *", "minute", "1,,2")]
    [InlineData("0 1, * * * *", "minute", "1,")]
    [InlineData("0 */x * * * *", "minute", "*/x")]
    [InlineData("0 1/2/3 * * * *", "minute", "1/2/3")]
    [InlineData("0 1-2-3 * * * *", "minute", "1-2-3")]
    [InlineData("0 5- * * * *", "minute", "5-")]
    [InlineData("0 *-5 * * * *", "minute", "*-5")]
    [InlineData("0 5/ * * * *", "minute", "5/")]
    [InlineData("0 0 ٣ * * *", "hour", "٣")]
    public void A_bad_field_is_named_with_its_value(string expression, string field, string value)
    {
        var error = Fails(expression);

        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Value);
        Assert.Contains($"the {field} field '{value}' is not valid (accepted: ", error.Message);
    }

    [Theory]
    [InlineData("0 20-10 * * * *", "runs backwards")]
    [InlineData("0 0 22-2 * * *", "or a list such as '22-23,0-2' for a range across the end")]
    [InlineData("*/0 * * * * *", "step must be at least 1")]
    [InlineData("0 */99999999999 * * * *", "too large")]
    [InlineData("0 0 0 32 * *", "32 is outside 1-31")]
    [InlineData("0 0 0 * * 8", "8 is outside 0-7")]
    [InlineData("0 1,,2 * * * *", "empty item")]
    [InlineData("0 0 0 1 FOO *", "'FOO' is not a number or a name")]
    [InlineData("0 0 0 * * MONDAY", "names have three letters, such as MON")]
    [InlineData("0 0 0 1 January *", "names have three letters, such as JAN")]
    [InlineData("0 0 L * * *", "'L' is not a number.")]
    [InlineData("0 0 0 L,15 * *", "L, W and # stand alone in a day field")]
    [InlineData("0 0 0 * * MON#2,FRI", "L, W and # stand alone in a day field")]
    [InlineData("0 0 0 L-31 * *", "The offset in 'L-31' is outside 0-30.")]
    [InlineData("0 0 0 * * FRI#6", "The week in 'FRI#6' is outside 1-5.")]
    [InlineData("0 0 0 32W * *", "The day in '32W' is outside 1-31.")]
    public void The_message_says_what_is_wrong(string expression, string reason)
    {
        Assert.Contains(reason, Fails(expression).Message);
    }

    [Theory]
    [InlineData("0 0 0 * * 9", "SUN-SAT (0 and 7 are Sunday)")]
    [InlineData("0 0 0 1 13 *", "1-12 or JAN-DEC")]
    [InlineData("0 0 0 0 * *", "1-31, ?")]
    [InlineData("0 0 24 * * *", "0-23")]
    public void The_message_lists_what_the_field_accepts(string expression, string accepted)
    {
        Assert.Contains(accepted, Fails(expression).Message);
    }

    [Theory]
    [InlineData("* * * *", 4)]
    [InlineData("*", 1)]
    [InlineData("* * * * * * *", 7)]
    [InlineData("0 0 0 1 1 * 2025", 7)]
    public void A_wrong_field_count_says_how_many_and_what_is_accepted(string expression, int count)
    {
        var error = Fails(expression);

        Assert.Null(error.Field);
        Assert.Contains($"{count} field{(count == 1 ? " was" : "s were")} given", error.Message);
        Assert.Contains("5 or 6 fields, seconds first", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("CRON_TZ=UTC")]
    [InlineData("CRON_TZ=UTC   ")]
    public void An_empty_expression_is_an_error(string? expression)
    {
        var error = Fails(expression);

        Assert.Contains("is empty", error.Message);
        Assert.Equal(expression ?? "", error.Expression);
    }

    [Theory]
    [InlineData("@fortnightly", "@fortnightly")]
    [InlineData("@", "@")]
    [InlineData("@daily 5", "@daily 5")]
    [InlineData("CRON_TZ=UTC @reboot", "@reboot")]
    public void An_unknown_descriptor_is_named(string expression, string value)
    {
        var error = Fails(expression);

        Assert.Equal("descriptor", error.Field);
        Assert.Equal(value, error.Value);
        Assert.Contains($"the descriptor '{value}' is not known (accepted: @yearly", error.Message);
    }

    [Theory]
    [InlineData("@every", "")]
    [InlineData("@every abc", "abc")]
    [InlineData("@every 0s", "0s")]
    [InlineData("@every 0", "0")]
    [InlineData("@every -5m", "-5m")]
    [InlineData("@every 5", "5")]
    [InlineData("@every 5x", "5x")]
    [InlineData("@every 1h 30m", "1h 30m")]
    [InlineData("@every .s", ".s")]
    [InlineData("@every 1..5s", "1..5s")]
    [InlineData("@every 00:00:00", "00:00:00")]
    [InlineData("@every -00:05:00", "-00:05:00")]
    [InlineData("@every 1:xx", "1:xx")]
    [InlineData("@every 99999999999999h", "99999999999999h")]
    [InlineData("@every 500ms", "500ms")]
    [InlineData("@every 1500ms", "1500ms")]
    [InlineData("@every 00:00:00.5", "00:00:00.5")]
    public void A_bad_interval_is_named(string expression, string value)
    {
        var error = Fails(expression);

        Assert.Equal("interval", error.Field);
        Assert.Equal(value, error.Value);
        Assert.Contains($"the interval '{value}' is not valid (accepted: a positive Go-style duration", error.Message);
    }

    [Theory]
    [InlineData("@every 0s", "greater than zero")]
    [InlineData("@every 500ms", "at least one second")]
    [InlineData("@every 1500ms", "whole number of seconds")]
    [InlineData("@every 5", "has no unit")]
    [InlineData("@every 5x", "'x' is not a unit")]
    public void The_interval_message_says_what_is_wrong(string expression, string reason)
    {
        Assert.Contains(reason, Fails(expression).Message);
    }

    [Theory]
    [InlineData("CRON_TZ=Mars/Olympus_Mons * * * * * *", "Mars/Olympus_Mons")]
    [InlineData("TZ=Not/AZone @daily", "Not/AZone")]
    [InlineData("TZ=../../etc/passwd * * * * * *", "../../etc/passwd")]
    [InlineData("TZ= * * * * * *", "")]
    public void An_unknown_time_zone_is_named(string expression, string zone)
    {
        var error = Fails(expression);

        Assert.Equal("time zone", error.Field);
        Assert.Equal(zone, error.Value);
        Assert.Contains($"the time zone '{zone}' is not known", error.Message);
    }
}
