using System;

namespace AgentProc.Scheduling;

/// <summary>Which of the six fields a spec describes.</summary>
internal enum CronFieldKind
{
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

/// <summary>What one of the six fields accepts, for parsing and for error messages.</summary>
internal sealed class CronFieldSpec
{
    private readonly string[]? names;

    private CronFieldSpec(CronFieldKind kind, string name, int min, int max, string[]? names, string accepted)
    {
        Kind = kind;
        Name = name;
        Min = min;
        Max = max;
        this.names = names;
        Accepted = accepted;
    }

    public CronFieldKind Kind { get; }
    public string Name { get; }
    public int Min { get; }
    /// <summary>The largest value a range may reach; 7 for day-of-week (Sunday again), although <c>*</c> stops at 6.</summary>
    public int Max { get; }
    public string Accepted { get; }

    public bool HasNames => names != null;

    /// <summary>The largest value <c>*</c> and <c>a/n</c> reach (robfig's bound).</summary>
    public int StarMax => Kind == CronFieldKind.DayOfWeek ? 6 : Max;

    /// <summary>The value of a three-letter name (<c>JAN</c> = 1, <c>SUN</c> = 0), in any case; null when it is not one.</summary>
    public int? ValueOfName(string token)
    {
        if (names is null)
            return null;
        var index = Array.FindIndex(names, n => n.Equals(token, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index + Min;
    }

    private const string Forms = "*, lists, ranges, steps";

    public static readonly CronFieldSpec Second = new(CronFieldKind.Second, "second", 0, 59, null, "0-59, " + Forms);
    public static readonly CronFieldSpec Minute = new(CronFieldKind.Minute, "minute", 0, 59, null, "0-59, " + Forms);
    public static readonly CronFieldSpec Hour = new(CronFieldKind.Hour, "hour", 0, 23, null, "0-23, " + Forms);
    public static readonly CronFieldSpec DayOfMonth = new(CronFieldKind.DayOfMonth, "day-of-month", 1, 31, null,
        "1-31, ?, " + Forms + "; alone: L, L-n, LW, nW");
    public static readonly CronFieldSpec Month = new(CronFieldKind.Month, "month", 1, 12,
        new[] { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" },
        "1-12 or JAN-DEC, " + Forms);
    public static readonly CronFieldSpec DayOfWeek = new(CronFieldKind.DayOfWeek, "day-of-week", 0, 7,
        new[] { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" },
        "0-7 or SUN-SAT (0 and 7 are Sunday), ?, " + Forms + "; alone: nL, n#k");
}
