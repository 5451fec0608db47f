using AgentProc.Scheduling;
using Xunit;

namespace AgentProc.Tests.Scheduling;

/// <summary>How each field is written for Cronos: the same values, and the same interval shape.</summary>
public class CronFieldParserTests
{
    private static CronField Parse(CronFieldSpec spec, string text) => CronFieldParser.Parse(spec, text, text);

    [Theory]
    // A plain value stays plain (a fixed-time job); a range or step stays a range, even of one value.
    [InlineData("5", "5")]
    [InlineData("05", "5")]
    [InlineData("5-5", "5-5")]
    [InlineData("1,2,3", "1,2,3")]
    [InlineData("10-20/5,45", "10-20/5,45")]
    [InlineData("*", "*")]
    [InlineData("?", "*")]
    [InlineData("*/1", "0-59")]
    [InlineData("*/15", "0-59/15")]
    [InlineData("5/15", "5-59/15")]
    // Cronos takes steps up to the field's largest value and '*' only alone.
    [InlineData("*/90", "0-0")]
    [InlineData("50-55/10", "50-50")]
    [InlineData("*,5", "*")]
    public void Seconds_keep_their_values_and_shape(string text, string cronos)
    {
        Assert.Equal(cronos, Parse(CronFieldSpec.Second, text).CronosText);
    }

    [Theory]
    [InlineData("7", "0")]
    [InlineData("SUN", "0")]
    [InlineData("mon-fri", "1-5")]
    [InlineData("5-7", "5-7")]
    [InlineData("1-7/2", "1-7/2")]
    [InlineData("7/2", "0-6/2")] // robfig: a/n runs to 6, and a single 7 is Sunday
    [InlineData("1/2", "1-6/2")] // not 1-7/2, which would add Sunday
    [InlineData("*/2", "0-6/2")]
    [InlineData("FRI#2", "5#2")]
    [InlineData("5L", "5L")]
    [InlineData("satl", "6L")]
    public void Days_of_week_are_written_as_Cronos_reads_them(string text, string cronos)
    {
        Assert.Equal(cronos, Parse(CronFieldSpec.DayOfWeek, text).CronosText);
    }

    [Theory]
    [InlineData("L", "L")]
    [InlineData("l", "L")]
    [InlineData("L-3", "L-3")]
    [InlineData("LW", "LW")]
    [InlineData("L-2W", "L-2W")]
    [InlineData("15W", "15W")]
    [InlineData("*/2", "1-31/2")]
    public void Days_of_month_are_written_as_Cronos_reads_them(string text, string cronos)
    {
        Assert.Equal(cronos, Parse(CronFieldSpec.DayOfMonth, text).CronosText);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("?", true)]
    [InlineData("*/1", true)]
    [InlineData("*,5", true)]
    [InlineData("*/2", false)]
    [InlineData("1-31", false)]
    [InlineData("L", false)]
    [InlineData("15W", false)]
    public void The_star_bit_follows_robfig(string text, bool star)
    {
        Assert.Equal(star, Parse(CronFieldSpec.DayOfMonth, text).Star);
    }
}
