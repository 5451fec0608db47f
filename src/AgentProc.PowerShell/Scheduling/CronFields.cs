using System;
using System.Collections.Generic;

namespace AgentProc.Scheduling;

/// <summary>
/// The six parsed fields of a schedule, the day-of-month/day-of-week rule, and the search for the next
/// matching wall-clock time. Everything here is calendar arithmetic on zone-less wall-clock times;
/// time zones and daylight saving are applied afterwards (<see cref="CronTimeZones"/>).
/// </summary>
internal sealed class CronFields
{
    private readonly CronField _second, _minute, _hour, _dayOfMonth, _month, _dayOfWeek;

    private CronFields(CronField second, CronField minute, CronField hour, CronField dayOfMonth, CronField month, CronField dayOfWeek)
    {
        _second = second;
        _minute = minute;
        _hour = hour;
        _dayOfMonth = dayOfMonth;
        _month = month;
        _dayOfWeek = dayOfWeek;
    }

    /// <summary>
    /// The hour field does not name every hour. Decides what happens to a run that falls in a
    /// daylight-saving gap: a job pinned to certain hours still runs, an hourly one just skips.
    /// </summary>
    public bool HourRestricted => !_hour.All;

    /// <summary>Parses five fields (day-of-week omitted, meaning <c>*</c>) or six, seconds first.</summary>
    public static CronFields Parse(IReadOnlyList<string> fields, string expression)
    {
        if (fields.Count is not (5 or 6))
            throw CronFormatException.FieldCount(expression, fields.Count);

        return new CronFields(
            CronFieldParser.Parse(CronFieldSpec.Second, fields[0], expression),
            CronFieldParser.Parse(CronFieldSpec.Minute, fields[1], expression),
            CronFieldParser.Parse(CronFieldSpec.Hour, fields[2], expression),
            CronFieldParser.Parse(CronFieldSpec.DayOfMonth, fields[3], expression),
            CronFieldParser.Parse(CronFieldSpec.Month, fields[4], expression),
            CronFieldParser.Parse(CronFieldSpec.DayOfWeek, fields.Count == 6 ? fields[5] : "*", expression));
    }

    /// <summary>
    /// Vixie cron as robfig implements it: when either day field carries the star bit (<c>*</c> or
    /// <c>?</c>, not <c>*/2</c>) the day must match both fields; when both are restricted, either will do.
    /// </summary>
    public bool DayMatches(DateTime day)
    {
        var dayOfMonth = _dayOfMonth.Values.Contains(day.Day);
        var dayOfWeek = _dayOfWeek.Values.Contains((int)day.DayOfWeek);
        return _dayOfMonth.Star || _dayOfWeek.Star ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    }

    /// <summary>
    /// The first wall-clock time at or after <paramref name="start"/> (a whole second) that matches,
    /// or null when none falls in a year up to <paramref name="lastYear"/>.
    /// </summary>
    /// <remarks>
    /// robfig's algorithm: settle the month, then the day, hour, minute and second; a field that does not
    /// match jumps to its next allowed value (NCrontab's <c>Next</c>) with every smaller field reset, and a
    /// wrap into the next larger unit starts over. So a search costs at most a few steps per month, plus
    /// one per day tried, never one per second.
    /// </remarks>
    public DateTime? NextWallTime(DateTime start, int lastYear)
    {
        // DateTime ends in year 9999; stop a year early so no step below can overflow.
        lastYear = Math.Min(lastYear, DateTime.MaxValue.Year - 1);
        var t = start;
        while (t.Year <= lastYear)
        {
            if (!_month.Values.Contains(t.Month))
            {
                var month = _month.Values.Next(t.Month);
                t = month < 0 ? new DateTime(t.Year + 1, 1, 1) : new DateTime(t.Year, month, 1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hour.Values.Contains(t.Hour))
            {
                var hour = _hour.Values.Next(t.Hour);
                t = hour < 0 ? t.Date.AddDays(1) : t.Date.AddHours(hour);
                continue;
            }

            if (!_minute.Values.Contains(t.Minute))
            {
                var minute = _minute.Values.Next(t.Minute);
                var hourStart = t.Date.AddHours(t.Hour);
                t = minute < 0 ? hourStart.AddHours(1) : hourStart.AddMinutes(minute);
                continue;
            }

            if (!_second.Values.Contains(t.Second))
            {
                var second = _second.Values.Next(t.Second);
                var minuteStart = t.Date.AddHours(t.Hour).AddMinutes(t.Minute);
                t = second < 0 ? minuteStart.AddMinutes(1) : minuteStart.AddSeconds(second);
                continue;
            }

            return t;
        }

        return null;
    }
}
