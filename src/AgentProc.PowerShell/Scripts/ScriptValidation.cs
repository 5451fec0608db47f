using System;
using System.Collections.Generic;
using System.IO;
using AgentProc.Errors;

namespace AgentProc.Scripts;

/// <summary>
/// Checks a run's scripts before any of them starts, so that one bad definition disturbs nothing:
/// names (present, unique ignoring case), exactly one non-empty source, an existing script file and
/// working directory, a positive timeout, a non-empty log path, and no dependency cycle.
/// </summary>
internal static class ScriptValidation
{
    /// <summary>The plans, in the order given, and the dependency graph. Throws the first problem found.</summary>
    public static (IReadOnlyList<ScriptPlan> Plans, ScriptDependencyGraph Graph) Validate(IReadOnlyList<ScriptDefinition> scripts, string? callerDirectory)
    {
        var caller = callerDirectory ?? Directory.GetCurrentDirectory();
        var home = ScriptPaths.Home(null);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var plans = new List<ScriptPlan>(scripts.Count);
        foreach (var script in scripts)
        {
            if (script is null || string.IsNullOrWhiteSpace(script.Name))
            {
                throw EngineErrors.ScriptEmptyName();
            }

            if (!names.Add(script.Name))
            {
                throw EngineErrors.ScriptDuplicateName(script.Name);
            }

            plans.Add(Plan(script, caller, home));
        }

        return (plans, ScriptDependencyGraph.Build(scripts));
    }

    private static ScriptPlan Plan(ScriptDefinition script, string caller, string? home)
    {
        var name = script.Name;
        string command;
        if (script.Script != null && script.Path != null)
        {
            throw EngineErrors.ScriptSourceConflict(name);
        }

        if (script.Script != null)
        {
            if (string.IsNullOrWhiteSpace(script.Script))
            {
                throw EngineErrors.ScriptEmptyText(name);
            }

            Processes.InputChecks.Command(script.Script);
            command = ScriptCommand.ForText(script.Script);
        }
        else if (script.Path != null)
        {
            var path = ResolveOrNull(script.Path, caller, home);
            if (path is null || !File.Exists(path))
            {
                throw EngineErrors.ScriptFileNotFound(name, path ?? script.Path);
            }

            command = ScriptCommand.ForFile(path);
        }
        else
        {
            throw EngineErrors.ScriptNoSource(name);
        }

        if (script.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > Processes.SettingLimits.MaxTimeout))
        {
            throw EngineErrors.ScriptInvalidTimeout(name, timeout);
        }

        Processes.InputChecks.Environment(script.Environment);
        Processes.InputChecks.NotBlank(script.WorkingDirectory, "WorkingDirectory of script '" + name + "'");
        if (script.LogPath != null && string.IsNullOrWhiteSpace(script.LogPath))
        {
            throw EngineErrors.ScriptEmptyLogPath(name);
        }

        var workingDirectory = caller;
        if (script.WorkingDirectory != null)
        {
            var resolved = ResolveOrNull(script.WorkingDirectory, caller, home);
            if (resolved is null || !Directory.Exists(resolved))
            {
                throw EngineErrors.ScriptWorkingDirectoryNotFound(name, resolved ?? script.WorkingDirectory);
            }

            workingDirectory = resolved;
        }
        else if (!Directory.Exists(caller))
        {
            throw EngineErrors.ScriptWorkingDirectoryNotFound(name, caller);
        }

        return new ScriptPlan(script, command, workingDirectory);
    }

    // Null when the text cannot be a path at all (an empty string, invalid characters): reported as not found.
    private static string? ResolveOrNull(string path, string caller, string? home)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            return ScriptPaths.Resolve(path, caller, home);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
