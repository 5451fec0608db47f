using System.Management.Automation;
using AgentProc.Errors;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>The non-terminating error written beside each failed script's result.</summary>
internal static class ScriptResultErrors
{
    /// <summary>Failed means: it ran and did not end well (ExitFailure, TimedOut, PipesLeftOpen). Skipped and Canceled are not failures.</summary>
    public static bool IsFailure(AgentScriptResult result) =>
        result.Status is AgentScriptStatus.ExitFailure or AgentScriptStatus.TimedOut or AgentScriptStatus.PipesLeftOpen;

    public static ErrorRecord For(AgentScriptResult result)
    {
        var (id, category) = result.Status switch
        {
            AgentScriptStatus.TimedOut => ("AgentScriptTimedOut", ErrorCategory.OperationTimeout),
            AgentScriptStatus.PipesLeftOpen => ("AgentScriptPipesLeftOpen", ErrorCategory.ResourceBusy),
            _ => ("AgentScriptFailed", ErrorCategory.InvalidResult),
        };
        var message = $"Script '{result.Name}' {result.Status}: {result.Reason ?? "it did not succeed"}." + (result.LogPath is null ? string.Empty : $" Its log: {result.LogPath}");
        // A timeout is a TimeoutException, so `catch [TimeoutException]` tells it from a failed exit.
        var exception = result.Status == AgentScriptStatus.TimedOut
            ? EngineErrors.ScriptTimedOut(message, result).ToTypedException()
            : new AgentScriptException(message, result);
        return new ErrorRecord(exception, id, category, result);
    }
}

/// <summary>The exception inside a failed script's ErrorRecord (a script that ran and did not end well); it carries the result.</summary>
public sealed class AgentScriptException : System.InvalidOperationException
{
    public AgentScriptException(string message, AgentScriptResult result)
        : base(message)
    {
        Result = result;
    }

    public AgentScriptResult Result { get; }
}
