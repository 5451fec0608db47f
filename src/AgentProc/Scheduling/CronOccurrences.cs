using System;
using System.Collections.Generic;
using AgentProc.Errors;

namespace AgentProc.Scheduling;

/// <summary>What Get-AgentCronOccurrence shows: the next runs of an expression, to check it before registering it.</summary>
internal static class CronOccurrences
{
    /// <summary>
    /// The next <paramref name="count"/> runs strictly after <paramref name="after"/>, in the schedule
    /// zone's offsets; fewer when the schedule ends (none within five years).
    /// </summary>
    /// <exception cref="AgentProcException"><paramref name="count"/> is not from 1 to 10000.</exception>
    /// <exception cref="CronFormatException">The expression or its time zone is not valid.</exception>
    public static IReadOnlyList<DateTimeOffset> Next(string expression, DateTimeOffset after, int count, TimeZoneInfo? zone) =>
        Parse(expression, count, zone).GetOccurrences(after, count);

    /// <summary>The same occurrences as objects that name their expression and zone.</summary>
    public static IReadOnlyList<AgentCronOccurrence> Describe(string expression, DateTimeOffset after, int count, TimeZoneInfo? zone)
    {
        var schedule = Parse(expression, count, zone);
        var result = new List<AgentCronOccurrence>();
        foreach (var time in schedule.GetOccurrences(after, count))
            result.Add(new AgentCronOccurrence(expression, schedule.TimeZone.Id, time));
        return result;
    }

    private static CronSchedule Parse(string expression, int count, TimeZoneInfo? zone)
    {
        // The count is checked first: it is the cheaper mistake to report, and it bounds the work.
        if (count < 1 || count > EngineErrors.MaxCronOccurrences)
            throw EngineErrors.CronOccurrenceCountInvalid(count);

        return CronSchedule.Parse(expression, zone);
    }
}
