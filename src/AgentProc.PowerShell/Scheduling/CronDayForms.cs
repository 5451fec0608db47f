using System.Text.RegularExpressions;

namespace AgentProc.Scheduling;

/// <summary>
/// The day forms Cronos adds to robfig's syntax (Quartz's meaning), accepted as a whole day field:
/// day-of-month <c>L</c> (the last day), <c>L-n</c> (n days before it), <c>LW</c> (the last weekday),
/// <c>nW</c> (the weekday nearest the nth); day-of-week <c>nL</c> (the month's last such day) and
/// <c>n#k</c> (its kth such day), with n a number or a name.
/// </summary>
/// <remarks>
/// They are a pure extension: robfig rejects every one of them, so no expression the agent accepted
/// changes meaning. Cronos takes them only as the whole field (not in a list), and so do we. They count as
/// restricted for the day rule: <c>0 0 0 L * FRI</c> fires on the last day of the month and on Fridays.
/// </remarks>
internal static class CronDayForms
{
    public const string Hint =
        "L, W and # stand alone in a day field: L, L-3, LW or 15W in day-of-month, 5L or FRI#2 in day-of-week.";

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static readonly Regex LastDayOfMonth = new("^L(?:-(?<offset>[0-9]+))?(?<weekday>W)?$", Options);
    private static readonly Regex NearestWeekday = new("^(?<day>[0-9]+)W$", Options);
    private static readonly Regex LastDayOfWeek = new("^(?<day>[0-9]+|[A-Z]{3})L$", Options);
    private static readonly Regex NthDayOfWeek = new("^(?<day>[0-9]+|[A-Z]{3})#(?<nth>[0-9]+)$", Options);

    /// <summary>The field as one of these forms, checked and written for Cronos; null when it is not one.</summary>
    public static CronField? TryParse(CronFieldSpec spec, string text, string expression)
    {
        switch (spec.Kind)
        {
            case CronFieldKind.DayOfMonth when LastDayOfMonth.Match(text) is { Success: true } last:
                var offset = last.Groups["offset"].Success
                    ? "-" + CronFieldParser.Number(Bounded(spec, text, expression, last.Groups["offset"].Value, 0, 30, "The offset"))
                    : "";
                return new CronField("L" + offset + (last.Groups["weekday"].Success ? "W" : ""), star: false);

            case CronFieldKind.DayOfMonth when NearestWeekday.Match(text) is { Success: true } nearest:
                return new CronField(CronFieldParser.Number(Bounded(spec, text, expression, nearest.Groups["day"].Value, 1, 31, "The day")) + "W", star: false);

            case CronFieldKind.DayOfWeek when LastDayOfWeek.Match(text) is { Success: true } lastOf:
                var lastDay = CronFieldParser.ParseValue(spec, text, expression, lastOf.Groups["day"].Value);
                return new CronField(CronFieldParser.Number(lastDay) + "L", star: false);

            case CronFieldKind.DayOfWeek when NthDayOfWeek.Match(text) is { Success: true } nth:
                var day = CronFieldParser.ParseValue(spec, text, expression, nth.Groups["day"].Value);
                var week = Bounded(spec, text, expression, nth.Groups["nth"].Value, 1, 5, "The week");
                return new CronField(CronFieldParser.Number(day) + "#" + CronFieldParser.Number(week), star: false);

            default:
                return null;
        }
    }

    /// <summary>Whether a token that is not a number or a name looks like a misplaced L, W or # form.</summary>
    public static bool Mentions(CronFieldSpec spec, string token) => spec.Kind switch
    {
        CronFieldKind.DayOfMonth => token.IndexOfAny(new[] { 'L', 'l', 'W', 'w' }) >= 0,
        CronFieldKind.DayOfWeek => token.IndexOf('#') >= 0 || token.EndsWith("L") || token.EndsWith("l"),
        _ => false,
    };

    private static int Bounded(CronFieldSpec spec, string text, string expression, string digits, int min, int max, string what)
    {
        if (!CronFieldParser.TryParseDigits(digits, out var value) || value < min || value > max)
            throw CronFieldParser.Error(spec, text, expression, $"{what} in '{text}' is outside {min}-{max}.");
        return value;
    }
}
