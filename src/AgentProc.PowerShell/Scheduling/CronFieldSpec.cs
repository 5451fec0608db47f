using NCrontab;

namespace AgentProc.Scheduling;

/// <summary>What one of the six fields accepts, for parsing and for error messages.</summary>
internal sealed class CronFieldSpec
{
    private CronFieldSpec(CrontabFieldKind kind, string name, int min, int max, bool names, string accepted)
    {
        Kind = kind;
        Name = name;
        Min = min;
        Max = max;
        HasNames = names;
        Accepted = accepted;
    }

    public CrontabFieldKind Kind { get; }
    public string Name { get; }
    public int Min { get; }
    /// <summary>The largest value a range may reach; 7 for day-of-week (Sunday again), although <c>*</c> stops at 6.</summary>
    public int Max { get; }
    public bool HasNames { get; }
    public string Accepted { get; }

    /// <summary>The largest value <c>*</c> and <c>a/n</c> reach (robfig's bound).</summary>
    public int StarMax => Kind == CrontabFieldKind.DayOfWeek ? 6 : Max;

    private const string Forms = "*, lists, ranges, steps";

    public static readonly CronFieldSpec Second = new(CrontabFieldKind.Second, "second", 0, 59, false, "0-59, " + Forms);
    public static readonly CronFieldSpec Minute = new(CrontabFieldKind.Minute, "minute", 0, 59, false, "0-59, " + Forms);
    public static readonly CronFieldSpec Hour = new(CrontabFieldKind.Hour, "hour", 0, 23, false, "0-23, " + Forms);
    public static readonly CronFieldSpec DayOfMonth = new(CrontabFieldKind.Day, "day-of-month", 1, 31, false, "1-31, ?, " + Forms);
    public static readonly CronFieldSpec Month = new(CrontabFieldKind.Month, "month", 1, 12, true, "1-12 or JAN-DEC, " + Forms);
    public static readonly CronFieldSpec DayOfWeek = new(CrontabFieldKind.DayOfWeek, "day-of-week", 0, 7, true,
        "0-7 or SUN-SAT (0 and 7 are Sunday), ?, " + Forms);
}
