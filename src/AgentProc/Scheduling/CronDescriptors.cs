using System;
using System.Collections.Generic;

namespace AgentProc.Scheduling;

/// <summary>
/// The <c>@</c> shorthands of robfig/cron. The fixed ones expand to six-field expressions (so they go
/// through the same field rules and DST handling); <c>@every</c> yields a constant interval.
/// Names are matched case-insensitively, which robfig does not do, because PowerShell users expect it.
/// </summary>
internal static class CronDescriptors
{
    private const string Accepted = "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>";

    private static readonly Dictionary<string, string> Fixed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 0 1 1 *",
        ["@annually"] = "0 0 0 1 1 *",
        ["@monthly"] = "0 0 0 1 * *",
        ["@weekly"] = "0 0 0 * * 0",
        ["@daily"] = "0 0 0 * * *",
        ["@midnight"] = "0 0 0 * * *",
        ["@hourly"] = "0 0 * * * *",
    };

    /// <summary>
    /// Resolves a descriptor (text starting with '@', time zone prefix already removed): either
    /// <paramref name="fields"/> (six fields) or <paramref name="interval"/> is set.
    /// </summary>
    public static void Resolve(string descriptor, string expression, out string[]? fields, out TimeSpan? interval)
    {
        fields = null;
        interval = null;

        var split = 0;
        while (split < descriptor.Length && !char.IsWhiteSpace(descriptor[split]))
            split++;
        var name = descriptor.Substring(0, split);
        var argument = descriptor.Substring(split).Trim();

        if (name.Equals("@every", StringComparison.OrdinalIgnoreCase))
        {
            if (!CronDuration.TryParse(argument, out var every, out var problem))
                throw CronFormatException.ForPart(expression, "interval", argument, "is not valid", CronDuration.Accepted, problem);
            interval = every;
            return;
        }

        if (!Fixed.TryGetValue(name, out var text))
            throw CronFormatException.ForPart(expression, "descriptor", descriptor, "is not known", Accepted);
        if (argument.Length > 0)
            throw CronFormatException.ForPart(expression, "descriptor", descriptor, "is not known", Accepted,
                $"{name} takes no argument; only @every does.");

        fields = text.Split(' ');
    }
}
