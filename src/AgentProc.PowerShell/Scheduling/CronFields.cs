using System.Collections.Generic;
using Cronos;

namespace AgentProc.Scheduling;

/// <summary>
/// The six checked fields of a schedule, and the Cronos expressions that fire exactly when they match,
/// day-of-month/day-of-week rule included.
/// </summary>
internal sealed class CronFields
{
    private readonly CronField second, minute, hour, dayOfMonth, month, dayOfWeek;

    private CronFields(CronField second, CronField minute, CronField hour, CronField dayOfMonth, CronField month, CronField dayOfWeek)
    {
        this.second = second;
        this.minute = minute;
        this.hour = hour;
        this.dayOfMonth = dayOfMonth;
        this.month = month;
        this.dayOfWeek = dayOfWeek;
    }

    /// <summary>Parses five fields (day-of-week omitted, meaning <c>*</c>: robfig's DowOptional) or six, seconds first.</summary>
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
    /// The Cronos expressions whose occurrences together are this schedule's: one, or two when both day
    /// fields are restricted.
    /// </summary>
    /// <remarks>
    /// Cronos matches day-of-month AND day-of-week. Vixie cron, robfig and every Unix cron use OR when both
    /// are restricted (neither carries the star bit), so then the schedule is the union of "these days of
    /// the month, any weekday" and "any day of the month, these weekdays", and its next run is the earlier
    /// of theirs. When either field carries the star bit it matches every day, and AND is the rule anyway.
    /// Both expressions share the time fields, so Cronos gives them the same daylight-saving rule.
    /// </remarks>
    public IReadOnlyList<CronExpression> ToCronos(string expression)
    {
        if (dayOfMonth.Star || dayOfWeek.Star)
            return new[] { Build(dayOfMonth.CronosText, dayOfWeek.CronosText, expression) };

        return new[]
        {
            Build(dayOfMonth.CronosText, "*", expression),
            Build("*", dayOfWeek.CronosText, expression),
        };
    }

    private CronExpression Build(string days, string weekdays, string expression)
    {
        var text = string.Join(" ", second.CronosText, minute.CronosText, hour.CronosText, days, month.CronosText, weekdays);
        try
        {
            return CronExpression.Parse(text, CronFormat.IncludeSeconds);
        }
        catch (Cronos.CronFormatException ex)
        {
            // Every field was checked above, so this means the rewrite and Cronos disagree: say both.
            throw CronFormatException.Unsupported(expression, text, ex.Message);
        }
    }
}
