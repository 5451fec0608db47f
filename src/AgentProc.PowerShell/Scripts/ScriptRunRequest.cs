using System.Collections;
using System.Collections.Generic;

namespace AgentProc.Scripts;

/// <summary>How to run one batch of scripts: what <see cref="ScriptRunner.RunAsync"/> needs besides the scripts.</summary>
internal sealed class ScriptRunRequest
{
    public AgentScriptStage Stage { get; init; } = AgentScriptStage.Manual;

    /// <summary>The command this run is made for: what is logged on its behalf is also handed to it.</summary>
    public Sessions.ILogTarget? LogTarget { get; init; }

    /// <summary>The most scripts of this run that execute at once; null: the session default. Less than 1 is an error.</summary>
    public int? ThrottleLimit { get; init; }

    /// <summary>The caller's current directory ($PWD for a cmdlet): relative working directories and script paths are under it. Null: the .NET current directory.</summary>
    public string? CallerDirectory { get; init; }

    /// <summary>The inherited environment; null: <see cref="System.Environment.GetEnvironmentVariables()"/> when the run starts.</summary>
    public IDictionary? InheritedEnvironment { get; init; }

    /// <summary>The session's default environment entries, applied after the inherited ones; a null value removes.</summary>
    public IReadOnlyDictionary<string, string?>? DefaultEnvironment { get; init; }
}
