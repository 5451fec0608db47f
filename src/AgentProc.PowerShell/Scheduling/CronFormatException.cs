using System;

namespace AgentProc.Scheduling;

/// <summary>
/// A cron expression that cannot be scheduled. The message names the expression, the part that is
/// wrong, the offending text and what is accepted there, so a user can fix it without the docs.
/// </summary>
/// <remarks>
/// Public because cmdlets surface it as the inner exception of their error records; it derives from
/// <see cref="ArgumentException"/> so callers that catch bad arguments in general still catch it.
/// </remarks>
public sealed class CronFormatException : ArgumentException
{
    /// <summary>The field layout quoted in messages, so a five-field crontab user sees the difference at once.</summary>
    internal const string Layout =
        "5 or 6 fields, seconds first: 'second minute hour day-of-month month [day-of-week]', " +
        "or a descriptor such as @daily or @every 5m";

    internal CronFormatException(string message, string expression, string? field, string? value)
        : base(message)
    {
        Expression = expression;
        Field = field;
        Value = value;
    }

    /// <summary>The expression as it was given.</summary>
    public string Expression { get; }

    /// <summary>
    /// The part that is wrong: "second", "minute", "hour", "day-of-month", "month", "day-of-week",
    /// "descriptor", "time zone" or "interval"; null when the expression as a whole is wrong
    /// (empty, or the wrong number of fields).
    /// </summary>
    public string? Field { get; }

    /// <summary>The offending text, or null when the expression as a whole is wrong.</summary>
    public string? Value { get; }

    internal static CronFormatException Empty(string expression) =>
        new($"Invalid cron expression '{expression}': the expression is empty (accepted: {Layout}).",
            expression, null, null);

    internal static CronFormatException FieldCount(string expression, int count) =>
        new($"Invalid cron expression '{expression}': {count} field{(count == 1 ? " was" : "s were")} given " +
            $"(accepted: {Layout}).",
            expression, null, null);

    /// <summary>Cronos refused the expression as rewritten for it: a gap between our checks and Cronos's, reported rather than hidden.</summary>
    internal static CronFormatException Unsupported(string expression, string rewritten, string reason) =>
        new($"Invalid cron expression '{expression}': Cronos does not accept it as '{rewritten}': {reason}",
            expression, null, null);

    /// <summary>A bad part of the expression; <paramref name="detail"/> is an optional sentence saying exactly what is wrong.</summary>
    internal static CronFormatException ForPart(
        string expression, string field, string value, string problem, string accepted, string? detail = null) =>
        new($"Invalid cron expression '{expression}': the {field} '{value}' {problem} (accepted: {accepted})." +
            (detail is null ? "" : " " + detail),
            expression, field, value);

    /// <summary>A bad cron field (second to day-of-week): "the minute field '61' is not valid".</summary>
    internal static CronFormatException ForField(
        string expression, string field, string value, string accepted, string? detail = null) =>
        new($"Invalid cron expression '{expression}': the {field} field '{value}' is not valid (accepted: {accepted})." +
            (detail is null ? "" : " " + detail),
            expression, field, value);
}
