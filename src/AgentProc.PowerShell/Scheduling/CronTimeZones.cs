using System;
using System.Linq;
using System.Security;

namespace AgentProc.Scheduling;

/// <summary>
/// The <c>CRON_TZ=</c>/<c>TZ=</c> prefix, zone lookup, and the mapping between a zone's wall clock
/// (where cron fields are matched) and real instants, including daylight-saving gaps and repeats.
/// </summary>
internal static class CronTimeZones
{
    private const string Accepted = "an IANA zone id such as Europe/Berlin or UTC, or a Windows zone id";

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

    /// <summary>Finds a zone by IANA or Windows id; "UTC" and "Etc/UTC" work on every platform.</summary>
    public static TimeZoneInfo Find(string id, string expression)
    {
        if (id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase))
            return TimeZoneInfo.Utc;

        if (id.Length > 0)
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or SecurityException or ArgumentException)
            {
                // Reported below, naming the zone.
            }
        }

        throw CronFormatException.ForPart(expression, "time zone", id, "is not known", Accepted);
    }

    /// <summary>
    /// The first wall-clock time (a whole second, inclusive) worth trying for a run strictly after
    /// <paramref name="after"/>.
    /// </summary>
    /// <remarks>
    /// Normally that is the wall clock of <paramref name="after"/>, truncated, plus one second. When
    /// <paramref name="after"/> lies in the second pass of a repeated (fall-back) hour, every wall time
    /// left in that hour maps to its first pass, which is already over; so the search starts at the
    /// end of the repeated hour instead of trying (and skipping) each of them.
    /// </remarks>
    public static DateTime SearchStart(TimeZoneInfo zone, DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone);
        var wall = Truncate(local.DateTime);
        if (zone.IsAmbiguousTime(wall) && local.Offset < zone.GetAmbiguousTimeOffsets(wall).Max())
            return FirstWhere(wall, t => !zone.IsAmbiguousTime(t));
        return wall.AddSeconds(1);
    }

    /// <summary>
    /// The instant of a wall-clock time in the zone: a repeated time maps to its first occurrence (the
    /// larger, daylight offset); a time in a gap maps to the first instant after the gap, whose wall
    /// clock is returned in <paramref name="gapEnd"/>.
    /// </summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime wall, out DateTime? gapEnd)
    {
        gapEnd = null;
        if (zone.IsInvalidTime(wall))
        {
            var end = FirstWhere(wall, t => !zone.IsInvalidTime(t));
            gapEnd = end;
            return new DateTimeOffset(end, zone.GetUtcOffset(end));
        }

        if (zone.IsAmbiguousTime(wall))
            return new DateTimeOffset(wall, zone.GetAmbiguousTimeOffsets(wall).Max());

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    /// <summary>The zone's wall-clock reading at an instant, as a DateTimeOffset carrying the offset in force.</summary>
    public static DateTimeOffset InZone(TimeZoneInfo zone, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    private static DateTime Truncate(DateTime t) =>
        new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);

    /// <summary>
    /// The first whole second after <paramref name="from"/> where <paramref name="done"/> holds, for a
    /// gap or repeat that <paramref name="from"/> is inside. Gaps and repeats are contiguous and last
    /// minutes to a day, so doubling the step until past the end, then halving back, takes a few dozen
    /// zone look-ups at most.
    /// </summary>
    private static DateTime FirstWhere(DateTime from, Func<DateTime, bool> done)
    {
        var inside = Truncate(from);
        var step = TimeSpan.FromSeconds(1);
        var limit = TimeSpan.FromDays(3);
        while (!done(inside + step))
        {
            if (step > limit)
                return inside + step; // No zone has a transition this long; give up rather than loop.
            inside += step;
            step += step;
        }

        var outside = inside + step;
        while (outside - inside > TimeSpan.FromSeconds(1))
        {
            var middle = inside + TimeSpan.FromTicks((outside - inside).Ticks / 2 / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
            if (done(middle))
                outside = middle;
            else
                inside = middle;
        }

        return outside;
    }
}
