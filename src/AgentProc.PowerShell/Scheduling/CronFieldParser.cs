using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AgentProc.Scheduling;

/// <summary>
/// Checks one field the way robfig/cron does and writes it in Cronos's syntax (<see cref="CronField.CronosText"/>).
/// </summary>
/// <remarks>
/// Cronos alone is more lenient than robfig where leniency hides mistakes: it reads a backwards range
/// (<c>20-10</c>, <c>FRI-MON</c>) as one that wraps around the end, so a swapped pair silently means
/// something else; we reject it, as robfig does, and say how to write a wrap-around. Cronos is also
/// stricter in places robfig is not: numbers of at most two digits (robfig takes <c>005</c>) and steps no
/// larger than the field (robfig takes <c>*/90</c>); the rewrite bridges those. Cronos's own additions,
/// <c>L</c>, <c>W</c> and <c>#</c>, are accepted as whole day fields (<see cref="CronDayForms"/>); its
/// <c>H</c> (jitter) is not.
/// <para><c>?</c> means <c>*</c>; like robfig it is taken in any field, though only the day fields
/// advertise it.</para>
/// </remarks>
internal static class CronFieldParser
{
    public static CronField Parse(CronFieldSpec spec, string text, string expression)
    {
        if (CronDayForms.TryParse(spec, text, expression) is { } dayForm)
            return dayForm;

        var items = new List<string>();
        var star = false;
        var every = false;
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
            if (range is "*" or "?")
            {
                star |= step == 1;
                every |= !hasStep;
                if (hasStep)
                    items.Add(Span(spec.Min, spec.StarMax, step));
                continue;
            }

            var bounds = range.Split('-');
            if (bounds.Length > 2)
                throw Error(spec, text, expression, $"'{item}' has more than one '-'.");
            var start = ParseValue(spec, text, expression, bounds[0]);
            int end;
            if (bounds.Length == 2)
            {
                end = ParseValue(spec, text, expression, bounds[1]);
            }
            else
            {
                // A single 7 is plain Sunday, so it also works as the start of "7/2".
                if (spec.Kind == CronFieldKind.DayOfWeek && start == 7)
                    start = 0;
                // "a/n" means "a-max/n" (robfig).
                end = hasStep ? spec.StarMax : start;
            }

            if (start > end)
                throw Error(spec, text, expression,
                    $"The range '{range}' runs backwards ({start} > {end}); write the smaller end first, " +
                    $"or a list such as '{start}-{spec.StarMax},{spec.Min}-{end}' for a range across the end.");

            // A plain value stays plain: a range or step, even of one value, makes Cronos treat the
            // seconds, minutes or hours as an interval job, which changes its daylight-saving rule.
            items.Add(bounds.Length == 2 || hasStep ? Span(start, end, step) : Number(start));
        }

        // Cronos takes '*' only as the whole field; in a list it means every value anyway.
        return new CronField(every ? "*" : string.Join(",", items), star);
    }

    /// <summary>A number or a three-letter name of the field, within its bounds.</summary>
    public static int ParseValue(CronFieldSpec spec, string text, string expression, string token)
    {
        if (TryParseDigits(token, out var value))
        {
            if (value < spec.Min || value > spec.Max)
                throw Error(spec, text, expression, $"{token} is outside {spec.Min}-{spec.Max}.");
            return value;
        }

        // Names are exactly three letters, like robfig and Cronos.
        if (token.Length == 3 && spec.ValueOfName(token) is int named)
            return named;

        if (IsDigits(token))
            throw Error(spec, text, expression, $"{token} is outside {spec.Min}-{spec.Max}.");
        if (CronDayForms.Mentions(spec, token))
            throw Error(spec, text, expression, CronDayForms.Hint);
        if (spec.HasNames && token.Length > 3 && token.All(IsAsciiLetter))
        {
            var example = spec.Kind == CronFieldKind.Month ? "JAN" : "MON";
            throw Error(spec, text, expression, $"'{token}' is not a name: names have three letters, such as {example}.");
        }
        var kind = spec.HasNames ? "a number or a name" : "a number";
        throw Error(spec, text, expression, $"'{token}' is not {kind}.");
    }

    /// <summary>ASCII digits only (no sign, no spaces, no other scripts' digits), and no overflow.</summary>
    public static bool TryParseDigits(string token, out int value)
    {
        value = 0;
        return IsDigits(token) && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static CronFormatException Error(CronFieldSpec spec, string text, string expression, string detail) =>
        CronFormatException.ForField(expression, spec.Name, text, spec.Accepted, detail);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // "a-b/n" in a form Cronos takes. Its steps go no further than the field's largest value, where
    // robfig takes any step; a step past the end of the range reaches only the start, so that is
    // written as the one-value range it is.
    private static string Span(int start, int end, int step) =>
        step > end - start ? Number(start) + "-" + Number(start)
        : step == 1 ? Number(start) + "-" + Number(end)
        : Number(start) + "-" + Number(end) + "/" + Number(step);

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

    private static bool IsDigits(string token) => token.Length > 0 && token.All(c => c is >= '0' and <= '9');

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
}
