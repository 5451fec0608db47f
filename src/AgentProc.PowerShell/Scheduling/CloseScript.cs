using System;
using System.Threading;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>
/// A script registered to run when the session closes (<c>Register-AgentScript -OnClose</c>), before
/// the session's processes are stopped: the agent's "run on stop" scripts.
/// </summary>
internal sealed class CloseScript
{
    private readonly Func<ScriptDefinition, string?> logFileOf;
    private AgentScriptResult? lastResult;

    public CloseScript(ScriptDefinition script, DateTimeOffset registeredAt, Func<ScriptDefinition, string?> logFileOf)
    {
        Script = script;
        RegisteredAt = registeredAt;
        this.logFileOf = logFileOf;
        View = new AgentScriptSchedule(this);
    }

    public string Name => Script.Name;

    public ScriptDefinition Script { get; }

    public DateTimeOffset RegisteredAt { get; }

    public AgentScriptSchedule View { get; }

    public string? LogFile => logFileOf(Script);

    /// <summary>The result of its run at close, once it has run.</summary>
    public AgentScriptResult? LastResult
    {
        get => Volatile.Read(ref lastResult);
        set => Volatile.Write(ref lastResult, value);
    }
}
