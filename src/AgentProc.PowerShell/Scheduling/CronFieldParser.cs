using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NCrontab;

namespace AgentProc.Scheduling;

/// <summary>
/// Checks one field the way robfig/cron does and hands NCrontab a normalised form to build the set.
/// </summary>
/// <remarks>
/// NCrontab alone is more lenient than robfig in ways that would hide mistakes: it swaps a backwards
/// range (<c>20-10</c>, <c>FRI-MON</c>), treats <c>*/0</c> as <c>*</c>, takes any name prefix
/// (<c>mo</c>, <c>thur</c>) and throws <see cref="System.OverflowException"/> on huge numbers. It also
/// lacks <c>?</c>, day-of-week 7 and the star bit. So each list item is checked here and rewritten
/// as <c>start-end/step</c>; NCrontab maps the names and builds the value set.
/// <para><c>?</c> means <c>*</c>; like robfig it is taken in any field, though only the day fields
/// advertise it.</para>
/// </remarks>
internal static class CronFieldParser
{
    public static CronField Parse(CronFieldSpec spec, string text, string expression)
    {
        var normalised = new List<string>();
        var star = false;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
                throw Error(spec, text, expression, "A list has an empty item.");

            var stepParts = item.Split('/');
            if (stepParts.Length > 2)
                throw Error(spec, text, expression, $"'{item}' has more than one '/'.");
            var hasStep = stepParts.Length == 2;
            var step = hasStep ? ParseStep(spec, text, expression, stepParts[1]) : 1;

            var range = stepParts[0];
            int start, end;
            if (range is "*" or "?")
            {
                start = spec.Min;
                end = spec.StarMax;
                star |= step == 1;
            }
            else
            {
                var bounds = range.Split('-');
                if (bounds.Length > 2)
                    throw Error(spec, text, expression, $"'{item}' has more than one '-'.");
                start = ParseValue(spec, text, expression, bounds[0]);
                if (bounds.Length == 2)
                {
                    end = ParseValue(spec, text, expression, bounds[1]);
                }
                else
                {
                    // A single 7 is plain Sunday, so it also works as the start of "7/2".
                    if (spec.Kind == CrontabFieldKind.DayOfWeek && start == 7)
                        start = 0;
                    // "a/n" means "a-max/n" (robfig).
                    end = hasStep ? spec.StarMax : start;
                }

                if (start > end)
                    throw Error(spec, text, expression,
                        $"The range '{range}' runs backwards ({start} > {end}); write the smaller end first.");
            }

            AddNormalised(normalised, spec, start, end, step);
        }

        var values = CrontabField.Parse(spec.Kind, string.Join(",", normalised));
        var all = Enumerable.Range(spec.Min, spec.StarMax - spec.Min + 1).All(values.Contains);
        return new CronField(values, star, all);
    }

    private static void AddNormalised(List<string> normalised, CronFieldSpec spec, int start, int end, int step)
    {
        // Day-of-week 7 is Sunday: keep the part NCrontab knows (0-6) and add 0 when the steps land on 7.
        if (spec.Kind == CrontabFieldKind.DayOfWeek && end == 7)
        {
            if (start <= 6)
                normalised.Add(Format(start, 6, step));
            if ((7 - start) % step == 0)
                normalised.Add("0");
            return;
        }

        normalised.Add(Format(start, end, step));
    }

    private static string Format(int start, int end, int step) =>
        string.Format(CultureInfo.InvariantCulture, "{0}-{1}/{2}", start, end, step);

    private static int ParseStep(CronFieldSpec spec, string text, string expression, string token)
    {
        if (!TryParseDigits(token, out var step))
            throw Error(spec, text, expression, IsDigits(token)
                ? $"The step '{token}' is too large."
                : $"The step '{token}' is not a whole number.");
        if (step == 0)
            throw Error(spec, text, expression, "A step must be at least 1.");
        return step;
    }

    private static int ParseValue(CronFieldSpec spec, string text, string expression, string token)
    {
        if (TryParseDigits(token, out var value))
        {
            if (value < spec.Min || value > spec.Max)
                throw Error(spec, text, expression, $"{token} is outside {spec.Min}-{spec.Max}.");
            return value;
        }

        // Names are exactly three letters, like robfig; NCrontab would also take "mo" or "thursday".
        if (spec.HasNames && token.Length == 3 && token.All(IsAsciiLetter))
        {
            var parsed = CrontabField.TryParse(spec.Kind, token, f => (int?)f.GetFirst(), _ => null);
            if (parsed is int named)
                return named;
        }

        if (IsDigits(token))
            throw Error(spec, text, expression, $"{token} is outside {spec.Min}-{spec.Max}.");
        if (spec.HasNames && token.Length > 3 && token.All(IsAsciiLetter))
        {
            var example = spec.Kind == CrontabFieldKind.Month ? "JAN" : "MON";
            throw Error(spec, text, expression, $"'{token}' is not a name: names have three letters, such as {example}.");
        }
        var kind = spec.HasNames ? "a number or a name" : "a number";
        throw Error(spec, text, expression, $"'{token}' is not {kind}.");
    }

    /// <summary>ASCII digits only (no sign, no spaces, no other scripts' digits), and no overflow.</summary>
    private static bool TryParseDigits(string token, out int value)
    {
        value = 0;
        return IsDigits(token) && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsDigits(string token) => token.Length > 0 && token.All(c => c is >= '0' and <= '9');

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static CronFormatException Error(CronFieldSpec spec, string text, string expression, string detail) =>
        CronFormatException.ForField(expression, spec.Name, text, spec.Accepted, detail);
}
