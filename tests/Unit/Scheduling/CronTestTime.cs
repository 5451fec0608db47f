using System;
using System.Globalization;

namespace AgentProc.Tests.Scheduling;

/// <summary>Round-trips instants as ISO text with their offset, so a test checks the instant and the offset at once.</summary>
internal static class CronTestTime
{
    public const string Format = "yyyy-MM-ddTHH:mm:sszzz";

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static string? Show(DateTimeOffset? value) =>
        value?.ToString(Format, CultureInfo.InvariantCulture);

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
