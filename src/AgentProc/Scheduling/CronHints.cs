using System;

namespace AgentProc.Scheduling;

/// <summary>
/// Hints for expressions that are valid but likely meant otherwise. Five fields are read seconds
/// first with no day-of-week (the agent's cron), so a classic crontab line such as
/// <c>*/5 * * * *</c> fires every five seconds, not every five minutes.
/// </summary>
internal static class CronHints
{
    public static string? FiveFieldWarning(string expression)
    {
        var text = expression.Trim();
        if (CronTimeZones.TrySplitPrefix(text, out _, out var rest))
        {
            text = rest;
        }

        if (text.StartsWith("@", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5
            ? $"The cron expression '{expression}' has five fields, read seconds first as 'second minute hour day-of-month month' (no day-of-week). For a classic crontab line 'minute hour day-of-month month day-of-week', put a seconds field first: '0 {text}'."
            : null;
    }

    /// <summary>Says so when an expression fires fewer times than asked within the search horizon.</summary>
    public static string? FewerThanAsked(string expression, int found, int asked) =>
        found >= asked
            ? null
            : found == 0
                ? $"The cron expression '{expression}' never fires in the next five years."
                : $"The cron expression '{expression}' fires only {found} time(s) in the next five years ({asked} asked).";
}
