using System;
using System.Collections.Generic;
using System.Security;
using TimeZoneConverter;

namespace AgentProc.Scheduling;

/// <summary>The <c>CRON_TZ=</c>/<c>TZ=</c> prefix, and finding a zone by IANA or Windows id on any platform.</summary>
internal static class CronTimeZones
{
    private const string Accepted =
        "an IANA zone id such as Europe/Berlin or UTC, or a Windows zone id such as W. Europe Standard Time";

    /// <summary>
    /// Splits a leading <c>CRON_TZ=zone</c> or <c>TZ=zone</c> (as robfig/cron v3 accepts; the prefix
    /// name is matched case-insensitively) from the rest of the expression.
    /// </summary>
    public static bool TrySplitPrefix(string text, out string zoneId, out string rest)
    {
        zoneId = "";
        rest = text;
        string? prefix = null;
        foreach (var candidate in new[] { "CRON_TZ=", "TZ=" })
        {
            if (text.StartsWith(candidate, StringComparison.OrdinalIgnoreCase))
            {
                prefix = candidate;
                break;
            }
        }

        if (prefix is null)
            return false;

        var end = prefix.Length;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
            end++;
        zoneId = text.Substring(prefix.Length, end - prefix.Length);
        rest = text.Substring(end).Trim();
        return true;
    }

    /// <summary>Finds a zone by IANA or Windows id, on every platform; "UTC" and "Etc/UTC" need no zone database.</summary>
    /// <exception cref="CronFormatException">No zone has that id; the message quotes <paramref name="expression"/>.</exception>
    public static TimeZoneInfo Find(string id, string expression)
    {
        if (id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase))
            return TimeZoneInfo.Utc;

        if (id.Trim().Length > 0 && (FromSystem(id) ?? FromConverter(id)) is { } zone)
            return zone;

        throw CronFormatException.ForPart(expression, "time zone", id, "is not known", Accepted);
    }

    /// <summary>The platform's own lookup: IANA and Windows ids on .NET 6+, Windows ids only on .NET Framework.</summary>
    internal static TimeZoneInfo? FromSystem(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or SecurityException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// TimeZoneConverter maps the id to the platform's kind (IANA to Windows on Windows PowerShell 5.1,
    /// Windows to IANA elsewhere). Asked only after the platform, because its first use loads every
    /// zone of the system (over a second on Linux) and clears .NET's zone cache.
    /// </summary>
    /// <summary>Every IANA time zone id, on every platform (for completion: the module names no dependency type).</summary>
    public static IReadOnlyCollection<string> KnownIanaIds => TimeZoneConverter.TZConvert.KnownIanaTimeZoneNames;

    internal static TimeZoneInfo? FromConverter(string id) =>
        TZConvert.TryGetTimeZoneInfo(id, out var zone) ? zone : null;
}
