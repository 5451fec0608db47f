using System;
using System.Globalization;

namespace AgentProc.Scheduling;

/// <summary>One time a cron expression fires: what Get-AgentCronOccurrence writes.</summary>
public sealed class AgentCronOccurrence
{
    internal AgentCronOccurrence(string expression, string timeZone, DateTimeOffset time)
    {
        Expression = expression;
        TimeZone = timeZone;
        Time = time;
    }

    public string Expression { get; }

    /// <summary>The zone the expression is read in (its CRON_TZ= prefix, -TimeZone, or local).</summary>
    public string TimeZone { get; }

    /// <summary>The instant, with the zone's offset at that instant.</summary>
    public DateTimeOffset Time { get; }

    public DateTimeOffset UtcTime => Time.ToUniversalTime();

    /// <summary>The same instant on this machine's clock.</summary>
    public DateTime LocalTime => Time.LocalDateTime;

    public DayOfWeek DayOfWeek => Time.DayOfWeek;

    public override string ToString() => Time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
