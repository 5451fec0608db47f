using System;
using AgentProc.Scheduling;
using Xunit;
using static AgentProc.Tests.Scheduling.CronTestTime;

namespace AgentProc.Tests.Scheduling;

public class CronTimeZonesTests
{
    // A winter and a summer instant, so two zones with the same offsets here follow the same rules.
    private static readonly DateTimeOffset[] Probes = { Parse("2025-01-15T12:00:00Z"), Parse("2025-07-15T12:00:00Z") };

    [Theory]
    [InlineData("Europe/Berlin", "W. Europe Standard Time")]
    [InlineData("America/New_York", "Eastern Standard Time")]
    [InlineData("Asia/Tokyo", "Tokyo Standard Time")]
    public void Iana_and_Windows_ids_name_the_same_zone(string iana, string windows)
    {
        AssertSameRules(CronTimeZones.Find(iana, ""), CronTimeZones.Find(windows, ""));
    }

    [Theory]
    [InlineData("Europe/Berlin", "W. Europe Standard Time")]
    [InlineData("America/Santiago", "Pacific SA Standard Time")]
    public void TimeZoneConverter_maps_either_kind_of_id(string iana, string windows)
    {
        // What Windows PowerShell 5.1 relies on, where the platform itself knows only Windows ids.
        var fromIana = CronTimeZones.FromConverter(iana);
        var fromWindows = CronTimeZones.FromConverter(windows);

        Assert.NotNull(fromIana);
        Assert.NotNull(fromWindows);
        AssertSameRules(fromIana!, fromWindows!);
        AssertSameRules(CronTimeZones.FromSystem(iana)!, fromIana!);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData(" ")]
    public void Unknown_ids_are_found_nowhere(string id)
    {
        Assert.Null(CronTimeZones.FromSystem(id));
        Assert.Null(CronTimeZones.FromConverter(id));
        Assert.Equal("time zone", Assert.Throws<CronFormatException>(() => CronTimeZones.Find(id, "TZ=x @daily")).Field);
    }

    [Fact]
    public void A_Windows_id_schedules_like_its_Iana_twin()
    {
        var after = Parse("2025-03-29T12:00:00Z");
        var windows = CronSchedule.Parse("0 30 2 * * *", CronTimeZones.Find("W. Europe Standard Time", ""));

        Assert.Equal("2025-03-30T03:00:00+02:00", Show(windows.GetNextOccurrence(after)));
    }

    private static void AssertSameRules(TimeZoneInfo expected, TimeZoneInfo actual)
    {
        foreach (var probe in Probes)
            Assert.Equal(expected.GetUtcOffset(probe), actual.GetUtcOffset(probe));
    }
}
