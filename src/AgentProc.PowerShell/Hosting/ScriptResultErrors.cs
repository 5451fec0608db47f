using System.Management.Automation;
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
        return new ErrorRecord(new AgentScriptException(message, result), id, category, result);
    }
}

/// <summary>The exception inside a failed script's ErrorRecord; it carries the result.</summary>
public sealed class AgentScriptException : System.Exception
{
    public AgentScriptException(string message, AgentScriptResult result)
        : base(message)
    {
        Result = result;
    }

    public AgentScriptResult Result { get; }
}
