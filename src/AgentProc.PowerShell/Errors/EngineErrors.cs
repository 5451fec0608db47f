using System;
using System.Collections;
using System.Globalization;

namespace AgentProc.Errors;

/// <summary>
/// The one place that words the engine's errors and gives them ids. Each message names the value
/// that was wrong and what is accepted, so the user can fix the call without reading the source.
/// </summary>
internal static partial class EngineErrors
{
    private static string F(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    public static AgentProcException EmptyCommand() => new(
        "AgentProcessEmptyCommand", AgentErrorKind.InvalidArgument,
        "The command is empty. Give the shell command line to run, such as 'make build'.");

    public static AgentProcException WorkingDirectoryNotFound(string path) => new(
        "AgentProcessWorkingDirectoryNotFound", AgentErrorKind.PathNotFound,
        F("The working directory '{0}' does not exist. Give an existing directory.", path), path);

    /// <summary>A value cut for an error message: a megabyte of command echoed back helps nobody.</summary>
    public static string Shorten(string value, int max = 120) =>
        value.Length <= max ? value : value.Substring(0, max) + F("... ({0} characters in all)", value.Length);

    public static AgentProcException NulCharacter(string what, string value) => new(
        "AgentProcessNulCharacter", AgentErrorKind.InvalidArgument,
        F("The {0} '{1}' contains a NUL character (\\0), which the operating system cannot pass on: it would be cut there. Remove the NUL character.", what, value.Replace("\0", "\\0")), value);

    public static AgentProcException InvalidEnvironmentName(string name) => new(
        "AgentProcessInvalidEnvironmentName", AgentErrorKind.InvalidArgument,
        F("The environment variable name '{0}' is not valid: give a name that is not empty and contains no '=' and no NUL character.", name.Replace("\0", "\\0")), name);

    public static AgentProcException EnvironmentValueNotScalar(string name, string type) => new(
        "AgentProcessInvalidEnvironmentValue", AgentErrorKind.InvalidArgument,
        F("The value of the environment variable '{0}' is a {1}: give a single value (a string or a number), or $null to remove the variable.", name, type), name);

    public static AgentProcException BlankValue(string parameter) => new(
        "AgentProcessBlankValue", AgentErrorKind.InvalidArgument,
        F("The {0} is empty: give a value, or leave the parameter out.", parameter), parameter);

    public static AgentProcException NegativeTimeout(string parameter, TimeSpan value) => new(
        "AgentProcessInvalidTimeout", AgentErrorKind.InvalidArgument,
        F("The {0} '{1}' is not valid: give a duration greater than zero.", parameter, value), value);

    public static AgentProcException InvalidSize(string parameter, long value, long min) => new(
        "AgentProcessInvalidSize", AgentErrorKind.InvalidArgument,
        F("The {0} '{1}' is not valid: give a whole number of at least {2}.", parameter, value, min), value);

    public static AgentProcException InvalidSize(string parameter, long value, long min, long max) => new(
        "AgentProcessInvalidSize", AgentErrorKind.InvalidArgument,
        F("The {0} '{1}' is not valid: give a whole number from {2} to {3}.", parameter, value, min, max), value);

    public static AgentProcException DurationTooLong(string parameter, TimeSpan value, TimeSpan max) => new(
        "AgentProcessDurationTooLong", AgentErrorKind.InvalidArgument,
        F("The {0} '{1}' is too long: give a duration of at most {2}.", parameter, value, max), value);

    public static AgentProcException ProcessNotFound(int id) => new(
        "AgentProcessNotFound", AgentErrorKind.ObjectNotFound,
        F("No agent process with id {0} exists in this session. Get-AgentProcess lists the ids.", id), id);

    public static AgentProcException ProcessNotFound(Guid instanceId) => new(
        "AgentProcessNotFound", AgentErrorKind.ObjectNotFound,
        F("No agent process with instance id {0} exists in this session.", instanceId), instanceId);

    public static AgentProcException ProcessNotFound(string name) => new(
        "AgentProcessNotFound", AgentErrorKind.ObjectNotFound,
        F("No agent process named '{0}' exists in this session.", name), name);

    public static AgentProcException ProcessNotInSession(object target, int id, string name, Guid instanceId) => new(
        "AgentProcessNotInSession", AgentErrorKind.ObjectNotFound,
        F("The agent process {0} ({1}, instance {2}) is not a process of this session: it belongs to another session (another runspace, or before the module was imported again) or was already forgotten. Nothing was done to it; Get-AgentProcess lists this session's processes.", id, name, instanceId), target);

    public static AgentProcException ProcessNotRunning(object target, int id) => new(
        "AgentProcessNotRunning", AgentErrorKind.InvalidOperation,
        F("The agent process {0} is not running: it has already exited.", id), target);

    public static AgentProcException ProcessStillRunning(object target, int id) => new(
        "AgentProcessStillRunning", AgentErrorKind.InvalidOperation,
        F("The agent process {0} is still running. Stop it first, or use -Force to stop and remove it.", id), target);

    public static AgentProcException IdempotencyConflict(string key, int existingId) => new(
        "AgentProcessIdempotencyConflict", AgentErrorKind.ResourceExists,
        F("The idempotency key '{0}' was already used by agent process {1} with different inputs (command, directory, environment, name, shell, timeout or background flag). Use a new key, or the same inputs.", key, existingId), key);

    public static AgentProcException IdempotencyKeyRecalled(Processes.AgentProcessReceipt receipt) => new(
        "AgentProcessIdempotencyKeyRecalled", AgentErrorKind.ResourceExists,
        F("The idempotency key '{0}' already ran as agent process {1}, which exited with code {2} and was forgotten; its receipt is kept until {3:u}. Use a new key to run the work again.", receipt.IdempotencyKey, receipt.Id, receipt.ExitCode, receipt.RememberedUntil), receipt);

    public static AgentProcException DefaultsAlreadySet(string what) => new(
        "AgentSessionDefaultsAlreadySet", AgentErrorKind.InvalidOperation,
        F("The session's default {0} is already set, and can be set only once per session.", what), what);

    public static AgentProcException SessionClosed() => new(
        "AgentSessionClosed", AgentErrorKind.ResourceUnavailable,
        "The AgentProc session is closed (the module was removed or the runspace is closing): it starts no new work. Import the module again in a new session.");

    public static AgentProcException ShellUnavailable(string shell, string reason) => new(
        "AgentProcessShellUnavailable", AgentErrorKind.InvalidArgument,
        F("The shell '{0}' cannot be used here: {1}", shell, reason), shell);

    public static AgentProcException StartFailed(string command, Exception inner) => new(
        "AgentProcessStartFailed", AgentErrorKind.OperatingSystem,
        F("The command '{0}' could not be started: {1}", Shorten(command), inner.Message), Shorten(command), inner);

    public static AgentProcException UnknownSignal(string value, string accepted) => new(
        "AgentProcessUnknownSignal", AgentErrorKind.InvalidArgument,
        F("The signal '{0}' is not known. Accepted: {1}.", value, accepted), value);

    public static AgentProcException SignalFailed(object target, int id, string signal, string reason) => new(
        "AgentProcessSignalFailed", AgentErrorKind.OperatingSystem,
        F("{0} could not be sent to agent process {1}: {2}", signal, id, reason), target);
}

internal static partial class EngineErrors
{
    public static AgentProcException SessionLogUnusable(string path, string reason) => new(
        "AgentSessionLogPathUnusable", AgentErrorKind.InvalidArgument,
        F("The session log file '{0}' cannot be used: {1}", path, reason), path);

    public static AgentProcException InvalidPath(string parameter, string path, string reason) => new(
        "AgentProcInvalidPath", AgentErrorKind.InvalidArgument,
        F("The {0} '{1}' cannot be used: {2}", parameter, path, reason), path);
}

internal static partial class EngineErrors
{
    public static AgentProcException UnknownScriptProperty(string property, string accepted) => new(
        "AgentScriptUnknownProperty", AgentErrorKind.InvalidArgument,
        F("The piped script has a property '{0}' that Invoke-AgentScript does not know. Accepted: {1}.", property, accepted), property);

    public static AgentProcException PipedValueIsNotAScript(object value) => new(
        "AgentScriptPipedValueNotAScript", AgentErrorKind.InvalidArgument,
        F("The piped value '{0}' is not a script. Give script text with -Script, or pipe hashtables or objects with Name and Script (or Path).", value), value);

    public static AgentProcException DependencyNotAName(string property, object value) => new(
        "AgentScriptDependencyNotAName", AgentErrorKind.InvalidArgument,
        F("The {0} of a piped script holds a {1} ('{2}'): give the names of other scripts in the run, as a string or a list of strings.", property, value is IDictionary ? "hashtable" : value.GetType().Name, Shorten(value.ToString() ?? string.Empty)), value);

    public static AgentProcException ScriptNameMissing() => new(
        "AgentScriptNameMissing", AgentErrorKind.InvalidArgument,
        "A piped script has no Name (and no Path to take one from). Give each script a Name.");
}
