using System;
using System.Globalization;
using System.Management.Automation;
using AgentProc.Scheduling;

namespace AgentProc.Hosting;

/// <summary>
/// Lets a TimeSpan parameter take what people type: a number of seconds (<c>-Timeout 30</c>),
/// a duration (<c>90s</c>, <c>1h30m</c>, <c>500ms</c>), a TimeSpan string (<c>00:05:00</c>) or a TimeSpan.
/// Without it, PowerShell would read <c>30</c> as thirty ticks.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case TimeSpan span:
                return span;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case decimal number:
                // PowerShell reads a bare 60d as the decimal 60: taking it as 60 seconds would turn a
                // deadline of days into one of a minute without a word.
                throw new ArgumentTransformationMetadataException(
                    string.Format(CultureInfo.InvariantCulture, "'{0}' arrived as a decimal number: PowerShell reads {0}d as the decimal {0}, not {0} days. For days, quote it ('{0}d'); for seconds, give the number without a suffix.", number));
            case double or float:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case string text:
                return Parse(text);
            default:
                throw new ArgumentTransformationMetadataException(
                    string.Format(CultureInfo.InvariantCulture, "'{0}' is not a duration. Give seconds (30), a duration (90s, 1h30m, 500ms) or a TimeSpan (00:05:00).", value));
        }
    }

    internal static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        // Days, which the Go-style durations below lack: '2d', '1.5d'.
        if (trimmed.EndsWith("d", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(trimmed.Substring(0, trimmed.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var days)
            && days >= 0 && days <= TimeSpan.MaxValue.TotalDays)
        {
            return TimeSpan.FromDays(days);
        }

        if (CronDuration.TryParseText(trimmed, out var duration) is null)
        {
            return duration;
        }

        throw new ArgumentTransformationMetadataException(
            string.Format(CultureInfo.InvariantCulture, "'{0}' is not a duration. Give seconds (30), a duration (90s, 1h30m, 500ms, '2d') or a TimeSpan (00:05:00).", text));
    }
}
