using System;
using System.Management.Automation;
using AgentProc.Errors;
using AgentProc.Scheduling;

namespace AgentProc.Hosting;

/// <summary>Turns engine errors into ErrorRecords: the id, the category and the target object.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception) => exception switch
    {
        AgentProcException { Kind: AgentErrorKind.PathNotFound } path => WithAdvice(new ErrorRecord(new ItemNotFoundException(path.Message, path.ToTypedException()), path.ErrorId, ErrorCategory.ObjectNotFound, path.Target), path.RecommendedAction),
        AgentProcException agent => WithAdvice(new ErrorRecord(agent.ToTypedException(), agent.ErrorId, Category(agent.Kind), agent.Target), agent.RecommendedAction),
        // A zone is not part of the expression's syntax: its own id, so a script can tell the two apart.
        CronFormatException { Field: "time zone" } zone => WithAdvice(new ErrorRecord(zone, "AgentCronTimeZoneInvalid", ErrorCategory.InvalidArgument, zone.Value), "Give an IANA time zone id such as Europe/Berlin; tab completion of -TimeZone lists them."),
        CronFormatException cron => new ErrorRecord(cron, "AgentCronExpressionInvalid", ErrorCategory.InvalidArgument, cron.Expression),
        ArgumentException argument => new ErrorRecord(argument, "AgentProcInvalidArgument", ErrorCategory.InvalidArgument, argument.ParamName),
        _ => new ErrorRecord(exception, "AgentProcUnexpectedError", ErrorCategory.NotSpecified, null),
    };

    public static ErrorCategory Category(AgentErrorKind kind) => kind switch
    {
        AgentErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        AgentErrorKind.ObjectNotFound or AgentErrorKind.PathNotFound => ErrorCategory.ObjectNotFound,
        AgentErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        AgentErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        AgentErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        AgentErrorKind.Timeout => ErrorCategory.OperationTimeout,
        AgentErrorKind.InvalidResult => ErrorCategory.InvalidResult,
        _ => ErrorCategory.OperationStopped,
    };

    private static ErrorRecord WithAdvice(ErrorRecord record, string? recommendedAction)
    {
        if (recommendedAction != null)
        {
            record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = recommendedAction };
        }

        return record;
    }

    /// <summary>Whether the exception is one the engine raises for a caller's input or state (not a bug).</summary>
    public static bool IsExpected(Exception exception) => exception is AgentProcException or CronFormatException or ArgumentException;
}
