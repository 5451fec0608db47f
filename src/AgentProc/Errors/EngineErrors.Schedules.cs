namespace AgentProc.Errors;

/// <summary>The errors of cron schedules (Register-, Get-, Unregister-AgentScript, Get-AgentCronOccurrence).</summary>
internal static partial class EngineErrors
{
    /// <summary>The most occurrences one call lists: enough for any report, small enough to answer at once.</summary>
    public const int MaxCronOccurrences = 10000;

    public static AgentProcException ScheduleExists(string name) => new(
        "AgentScheduleExists", AgentErrorKind.ResourceExists,
        F("A schedule named '{0}' is already registered in this session (names are not case-sensitive). Choose another name, or remove it first with Unregister-AgentScript.", name), name);

    public static AgentProcException ScheduleNotFound(string name) => new(
        "AgentScheduleNotFound", AgentErrorKind.ObjectNotFound,
        F("No schedule named '{0}' is registered in this session. Get-AgentScript lists the registered schedules.", name), name);

    public static AgentProcException ScheduleNameInvalid(string? name) => new(
        "AgentScheduleInvalidName", AgentErrorKind.InvalidArgument,
        F("The schedule name '{0}' is not valid: give a name that is not empty or only spaces, such as 'nightly-backup'.", name ?? ""), name);

    public static AgentProcException ScheduleNeverRuns(string name, string expression) => new(
        "AgentScheduleNeverRuns", AgentErrorKind.InvalidArgument,
        F("The cron expression '{0}' for schedule '{1}' has no run in the next five years (for example, February 30th never comes), so nothing would ever run. Give an expression that matches a real date; Get-AgentCronOccurrence lists the runs an expression gives.", expression, name), expression);

    public static AgentProcException CronOccurrenceCountInvalid(int count) => new(
        "AgentCronInvalidCount", AgentErrorKind.InvalidArgument,
        F("The count '{0}' is not valid: give a whole number from 1 to {1}.", count, MaxCronOccurrences), count);
}
