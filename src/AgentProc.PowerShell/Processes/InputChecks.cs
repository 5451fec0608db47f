using System;
using System.Collections.Generic;
using AgentProc.Errors;

namespace AgentProc.Processes;

/// <summary>
/// The checks every start runs before anything is spawned, so bad input is a clear error that names
/// the value and what is accepted, and never a process cut short or started half-configured.
/// </summary>
internal static class InputChecks
{
    /// <summary>A command line: not empty, and no NUL (the OS would silently cut it there).</summary>
    public static void Command(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw EngineErrors.EmptyCommand();
        }

        if (command!.IndexOf('\0') >= 0)
        {
            throw EngineErrors.NulCharacter("command", EngineErrors.Shorten(command));
        }
    }

    /// <summary>Environment entries: a name that is not empty and has no '=' or NUL, a value without NUL.</summary>
    public static void Environment(IReadOnlyDictionary<string, string?>? entries)
    {
        if (entries is null)
        {
            return;
        }

        foreach (var pair in entries)
        {
            if (string.IsNullOrEmpty(pair.Key) || pair.Key.IndexOf('=') >= 0 || pair.Key.IndexOf('\0') >= 0)
            {
                throw EngineErrors.InvalidEnvironmentName(pair.Key);
            }

            if (pair.Value != null && pair.Value.IndexOf('\0') >= 0)
            {
                throw EngineErrors.NulCharacter("value of the environment variable '" + pair.Key + "'", EngineErrors.Shorten(pair.Value));
            }
        }
    }

    /// <summary>An optional text parameter that, when given, must say something.</summary>
    public static void NotBlank(string? value, string parameter)
    {
        if (value != null && value.Trim().Length == 0)
        {
            throw EngineErrors.BlankValue(parameter);
        }
    }
}
