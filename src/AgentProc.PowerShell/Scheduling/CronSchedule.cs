// The cron engine. Cronos computes the occurrences: it matches the fields against the zone's wall
// clock and applies Vixie cron's daylight-saving rules. Our code keeps the agent's syntax on top of it
// (robfig/cron with seconds: five or six fields, '?', day-of-week 7, strict ranges, steps and names, the
// @ descriptors and @every, CRON_TZ=/TZ=), keeps Vixie's day-of-month/day-of-week OR (Cronos uses AND),
// robfig's five-year horizon, and error messages that name the field, the value and what is accepted.

using System;
using System.Collections.Generic;
using Cronos;

namespace AgentProc.Scheduling;

/// <summary>
/// A parsed cron schedule: six fields with seconds first (<c>sec min hour dom month [dow]</c>), a
/// descriptor (<c>@daily</c>, <c>@every 90s</c>, ...), optionally prefixed by <c>CRON_TZ=zone</c>.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Daylight saving</b> is Cronos's rule, which is Vixie cron's and cronie's. Fields are matched
/// against the wall clock of the schedule's zone.</para>
/// <para>When the clocks go forward, a run whose wall-clock time is skipped runs once, at the first
/// instant after the gap (02:30 becomes 03:00 in Europe/Berlin); several skipped runs collapse into
/// that one.</para>
/// <para>When the clocks go back, a job with fixed times (no <c>*</c>, <c>-</c> or <c>/</c> in its
/// seconds, minutes or hours) runs once, in the first pass of the repeated hour; an interval job (one
/// of those in its seconds, minutes or hours) runs in both passes, so a job every 30 minutes keeps
/// running every 30 minutes of real time. Runs are always strictly later than the time asked about.</para>
/// <para><c>@every</c> ignores the wall clock: it runs at fixed intervals of real time.</para>
/// </remarks>
internal sealed class CronSchedule
{
    // robfig gives up after five years; so do we: a run further away than that counts as none.
    private const int SearchYears = 5;

    private static readonly DateTimeOffset EarliestAfter = new(2, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Empty for @every; otherwise the Cronos expressions whose union is the schedule (see CronFields).
    private readonly IReadOnlyList<CronExpression> expressions;

    private CronSchedule(string expression, TimeZoneInfo zone, IReadOnlyList<CronExpression> expressions, TimeSpan? interval)
    {
        Expression = expression;
        TimeZone = zone;
        this.expressions = expressions;
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
            var expressions = descriptorFields is null
                ? Array.Empty<CronExpression>()
                : CronFields.Parse(descriptorFields, given).ToCronos(given);
            return new CronSchedule(given, zone, expressions, interval);
        }

        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return new CronSchedule(given, zone, CronFields.Parse(parts, given).ToCronos(given), null);
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
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(whole + every.Ticks, TimeSpan.Zero), TimeZone);
        }

        // Cronos gives each run with the zone's offset at that instant; the earliest of the expressions wins.
        DateTimeOffset? next = null;
        foreach (var expression in expressions)
        {
            if (expression.GetNextOccurrence(after, TimeZone) is { } candidate && (next is null || candidate < next))
                next = candidate;
        }

        var lastYear = TimeZoneInfo.ConvertTime(after, TimeZone).Year + SearchYears;
        return next is { } found && found.Year <= lastYear ? found : null;
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
