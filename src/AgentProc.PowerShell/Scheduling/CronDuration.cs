using System;
using System.Globalization;

namespace AgentProc.Scheduling;

/// <summary>
/// Parses the interval of <c>@every</c>: a Go duration (<c>90s</c>, <c>1h30m</c>, <c>1.5h</c>,
/// <c>500ms</c>), which is what the agent's robfig/cron accepted, or a .NET TimeSpan (<c>00:05:00</c>,
/// <c>1.00:00:00</c>) which PowerShell users write out of habit.
/// </summary>
internal static class CronDuration
{
    public const string Accepted =
        "a positive Go-style duration such as 90s, 1h30m or 500ms (units h, m, s, ms, us, ns), " +
        "or a TimeSpan such as 00:05:00";

    /// <summary>
    /// Parses <paramref name="text"/> into the interval: whole seconds, at least one. robfig's
    /// <c>Every</c> silently rounds (500ms runs every second, 1500ms too); here that is an error that
    /// says so, since schedules fire on whole seconds.
    /// </summary>
    /// <param name="text">The text after <c>@every</c>.</param>
    /// <param name="interval">The interval to use.</param>
    /// <param name="problem">On failure, a sentence saying what is wrong.</param>
    public static bool TryParse(string text, out TimeSpan interval, out string? problem)
    {
        interval = TimeSpan.Zero;
        problem = TryParseText(text, out var parsed);
        if (problem is null && parsed <= TimeSpan.Zero)
            problem = "It must be greater than zero.";
        else if (problem is null && parsed < TimeSpan.FromSeconds(1))
            problem = "It must be at least one second: schedules fire on whole seconds.";
        else if (problem is null && parsed.Ticks % TimeSpan.TicksPerSecond != 0)
            problem = "It must be a whole number of seconds: schedules fire on whole seconds.";
        if (problem is not null)
            return false;

        interval = parsed;
        return true;
    }

    /// <summary>
    /// Parses a Go duration or a colon-form TimeSpan exactly, sign included, with no rounding;
    /// returns null on success, else a sentence saying what is wrong. Timeouts use this directly.
    /// </summary>
    public static string? TryParseText(string text, out TimeSpan parsed)
    {
        if (text.IndexOf(':') >= 0)
        {
            // Only the colon form: TimeSpan.Parse("5") would mean five days, where Go rejects a bare number.
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out parsed)
                ? null
                : "It is neither a Go duration nor a TimeSpan.";
        }

        return TryParseGo(text, out parsed);
    }

    /// <summary>Go's <c>time.ParseDuration</c> grammar: <c>[-+]?([0-9]*(\.[0-9]*)?unit)+</c>, or a lone "0".</summary>
    private static string? TryParseGo(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length == 0)
            return "It is empty.";

        var i = 0;
        var negative = false;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i++;
        }

        if (text.Substring(i) == "0")
            return null; // Go accepts a unit-less zero; the caller rejects it as not positive.

        if (i == text.Length)
            return "It has no number.";

        // Decimal keeps fractions like 1.5h exact and overflows loudly instead of wrapping.
        decimal totalTicks = 0;
        try
        {
            while (i < text.Length)
            {
                var numberStart = i;
                while (i < text.Length && (IsDigit(text[i]) || text[i] == '.'))
                    i++;
                var number = text.Substring(numberStart, i - numberStart);

                var unitStart = i;
                while (i < text.Length && !IsDigit(text[i]) && text[i] != '.')
                    i++;
                var unit = text.Substring(unitStart, i - unitStart);

                if (number.Length == 0 || number == "." || number.IndexOf('.') != number.LastIndexOf('.') ||
                    !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                    return $"'{number}{unit}' does not start with a number.";
                if (unit.Length == 0)
                    return $"'{number}' has no unit.";

                var unitTicks = UnitTicks(unit);
                if (unitTicks is null)
                    return $"'{unit}' is not a unit (accepted: h, m, s, ms, us, ns).";
                totalTicks += value * unitTicks.Value;
            }
        }
        catch (OverflowException)
        {
            return "It is too long.";
        }

        if (totalTicks > TimeSpan.MaxValue.Ticks)
            return "It is too long.";
        // Round up so that 1ns stays positive; it becomes the one-second minimum like any short interval.
        duration = TimeSpan.FromTicks((long)decimal.Ceiling(totalTicks));
        if (negative)
            duration = duration.Negate();
        return null;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static decimal? UnitTicks(string unit) => unit switch
    {
        "ns" => 0.01m,
        "us" or "\u00b5s" or "\u03bcs" => 10m,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        _ => null,
    };
}
