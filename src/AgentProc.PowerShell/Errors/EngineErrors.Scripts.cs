using System;
using System.Collections.Generic;

namespace AgentProc.Errors;

/// <summary>The script runner's errors: raised before anything starts, so a bad call disturbs nothing.</summary>
internal static partial class EngineErrors
{
    public static AgentProcException ScriptEmptyName() => new(
        "AgentScriptEmptyName", AgentErrorKind.InvalidArgument,
        "A script has an empty name. Give every script a name, such as 'setup'.");

    public static AgentProcException ScriptNoSource(string name) => new(
        "AgentScriptNoSource", AgentErrorKind.InvalidArgument,
        F("The script '{0}' has neither script text nor a path. Give exactly one of -Script (the text to run) or -Path (a script file).", name), name);

    public static AgentProcException ScriptSourceConflict(string name) => new(
        "AgentScriptSourceConflict", AgentErrorKind.InvalidArgument,
        F("The script '{0}' has both script text and a path. Give exactly one of -Script (the text to run) or -Path (a script file).", name), name);

    public static AgentProcException ScriptEmptyText(string name) => new(
        "AgentScriptEmptyScript", AgentErrorKind.InvalidArgument,
        F("The script '{0}' is empty. Give the shell text to run, such as 'make build'.", name), name);

    public static AgentProcException ScriptFileNotFound(string name, string path) => new(
        "AgentScriptFileNotFound", AgentErrorKind.PathNotFound,
        F("The script file '{0}' of script '{1}' does not exist. Give the path of an existing file.", path, name), path);

    public static AgentProcException ScriptInvalidTimeout(string name, TimeSpan value) => new(
        "AgentScriptInvalidTimeout", AgentErrorKind.InvalidArgument,
        F("The timeout '{0}' of script '{1}' is not valid: give a duration greater than zero and at most {2}, or none for no timeout.", value, name, Processes.SettingLimits.MaxTimeout), value);

    public static AgentProcException ScriptEmptyLogPath(string name) => new(
        "AgentScriptEmptyLogPath", AgentErrorKind.InvalidArgument,
        F("The log path of script '{0}' is empty. Give a file path, or none for the default 'agentproc-script-{0}.log' in the log directory.", name), name);

    public static AgentProcException ScriptWorkingDirectoryNotFound(string name, string path) => new(
        "AgentScriptWorkingDirectoryNotFound", AgentErrorKind.PathNotFound,
        F("The working directory '{0}' of script '{1}' does not exist. Give an existing directory.", path, name), path);

    public static AgentProcException ScriptDuplicateName(string name) => new(
        "AgentScriptDuplicateName", AgentErrorKind.InvalidArgument,
        F("The script name '{0}' is given more than once in this run (names are compared ignoring case). Give each script a unique name.", name), name);

    public static AgentProcException ScriptDependencyCycle(IReadOnlyList<string> cycle)
    {
        var text = string.Join(" -> ", cycle);
        return new(
            "AgentScriptDependencyCycle", AgentErrorKind.InvalidArgument,
            F("The scripts depend on each other in a cycle: {0}. Nothing was started. Remove one of these dependencies.", text), text);
    }

    public static AgentProcException ScriptInvalidThrottleLimit(int value) => new(
        "AgentScriptInvalidThrottleLimit", AgentErrorKind.InvalidArgument,
        F("The throttle limit '{0}' is not valid: give a whole number of at least 1 (the most scripts that run at once).", value), value);

    public static AgentProcException ScriptInvalidDirectoryOption(string option, string? value) => new(
        "AgentScriptInvalidDirectory", AgentErrorKind.InvalidArgument,
        F("The {0} '{1}' is not valid: give a directory path.", option, value), value);
}
