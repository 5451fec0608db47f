// The cron engine. NCrontab (NCrontab.Signed) parses each single field into its set of values -- month
// and day names, ranges, lists, steps, '*' -- and answers Contains/Next/GetFirst on that set. Our code
// does the rest: robfig/cron's syntax around the fields (seconds first, five or six fields, '?',
// day-of-week 7, strict ranges/steps/names, the star bit and the Vixie day-of-month/day-of-week rule),
// the @ descriptors and @every, CRON_TZ=/TZ= and time zones, daylight-saving handling, the bounded
// next-occurrence search, and error messages that name the field, the value and what is accepted.

using System;
using System.Collections.Generic;

namespace AgentProc.Scheduling;

/// <summary>
/// A parsed cron schedule: six fields with seconds first (<c>sec min hour dom month [dow]</c>), a
/// descriptor (<c>@daily</c>, <c>@every 90s</c>, ...), optionally prefixed by <c>CRON_TZ=zone</c>.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Daylight saving.</b> Schedules are matched against the wall clock of their time zone.</para>
/// <para>When the clocks go forward, the skipped wall-clock times do not exist. A job whose hour
/// field names particular hours (such as <c>0 30 2 * * *</c>) still runs that day, once, at the
/// first instant after the gap (03:00 instead of 02:30 in Europe/Berlin); several runs that fall in
/// the same gap collapse into that single run. A job that runs every hour or more often (hour field
/// <c>*</c>) just skips the times inside the gap, since its next regular run follows right after.</para>
/// <para>When the clocks go back, the repeated wall-clock times happen twice. A job runs only at
/// the first of the two (the earlier instant, on daylight time), so the repeated hour never runs
/// a job twice; asked from inside the second pass, the next run is the first one after the
/// repeated hour. Runs are always strictly later than the time asked about.</para>
/// <para><c>@every</c> ignores the wall clock: it runs at fixed intervals of real time.</para>
/// </remarks>
internal sealed class CronSchedule
{
    // robfig gives up after five years; so do we, so an impossible date ("30 2") costs little.
    private const int SearchYears = 5;

    private static readonly DateTimeOffset EarliestAfter = new(2, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CronFields? _fields;

    private CronSchedule(string expression, TimeZoneInfo zone, CronFields? fields, TimeSpan? interval)
    {
        Expression = expression;
        TimeZone = zone;
        _fields = fields;
        Interval = interval;
    }

    /// <summary>The expression as it was given.</summary>
    public string Expression { get; }

    /// <summary>The zone whose wall clock the fields are matched in, and in whose offsets results are given.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The interval of an <c>@every</c> schedule, as used (whole seconds, at least one); otherwise null.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>
    /// Parses a cron expression. The zone is taken from a <c>CRON_TZ=</c> or <c>TZ=</c> prefix, else
    /// <paramref name="zone"/>, else the local zone.
    /// </summary>
    /// <exception cref="CronFormatException">The expression or its time zone is not valid.</exception>
    public static CronSchedule Parse(string expression, TimeZoneInfo? zone = null)
    {
        var given = expression ?? "";
        var text = given.Trim();

        if (CronTimeZones.TrySplitPrefix(text, out var zoneId, out var rest))
        {
            zone = CronTimeZones.Find(zoneId, given);
            text = rest;
        }
        zone ??= TimeZoneInfo.Local;

        if (text.Length == 0)
            throw CronFormatException.Empty(given);

        if (text[0] == '@')
        {
            CronDescriptors.Resolve(text, given, out var descriptorFields, out var interval);
            var fields = descriptorFields is null ? null : CronFields.Parse(descriptorFields, given);
            return new CronSchedule(given, zone, fields, interval);
        }

        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return new CronSchedule(given, zone, CronFields.Parse(parts, given), null);
    }

    /// <summary>Parses like <see cref="Parse"/>, returning the error instead of throwing it.</summary>
    public static bool TryParse(string expression, TimeZoneInfo? zone, out CronSchedule? schedule, out CronFormatException? error)
    {
        try
        {
            schedule = Parse(expression, zone);
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            schedule = null;
            error = ex;
            return false;
        }
    }

    /// <summary>
    /// The first run strictly after <paramref name="after"/>, in the schedule zone's offset at that
    /// instant; null when there is none within about five years (for example <c>0 0 0 30 2 *</c>).
    /// See the class remarks for daylight saving.
    /// </summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        // The ends of the calendar would overflow DateTime below; nothing is scheduled there anyway.
        if (after.UtcDateTime.Year >= DateTime.MaxValue.Year - 1)
            return null;
        if (after < EarliestAfter)
            after = EarliestAfter;

        if (Interval is TimeSpan every)
        {
            // robfig's ConstantDelaySchedule: the fraction of a second is dropped, then the interval added.
            var whole = after.UtcTicks - after.UtcTicks % TimeSpan.TicksPerSecond;
            if (DateTimeOffset.MaxValue.UtcTicks - whole < every.Ticks)
                return null;
            return CronTimeZones.InZone(TimeZone, new DateTimeOffset(whole + every.Ticks, TimeSpan.Zero));
        }

        var fields = _fields!;
        var start = CronTimeZones.SearchStart(TimeZone, after);
        var lastYear = start.Year + SearchYears;
        while (fields.NextWallTime(start, lastYear) is DateTime wall)
        {
            var instant = CronTimeZones.ToInstant(TimeZone, wall, out var gapEnd);
            if (gapEnd is DateTime end && !fields.HourRestricted)
            {
                // Hourly or finer: nothing in the gap runs; resume where the wall clock resumes.
                start = end;
                continue;
            }

            if (instant <= after)
            {
                // Only a repeated hour's first pass can map before `after`; try the next second.
                start = wall.AddSeconds(1);
                continue;
            }

            return instant;
        }

        return null;
    }

    /// <summary>The next <paramref name="count"/> runs after <paramref name="after"/>, strictly increasing; fewer if the schedule ends.</summary>
    public IReadOnlyList<DateTimeOffset> GetOccurrences(DateTimeOffset after, int count)
    {
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count must be zero or more.");

        var result = new List<DateTimeOffset>(Math.Min(count, 1024));
        var previous = after;
        while (result.Count < count && GetNextOccurrence(previous) is DateTimeOffset next)
        {
            result.Add(next);
            previous = next;
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => Expression;
}
