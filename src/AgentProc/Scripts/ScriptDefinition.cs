using System;
using System.Collections.Generic;

namespace AgentProc.Scripts;

/// <summary>One script to run: its text or file, and how to run it. Validated by the runner before anything starts.</summary>
internal sealed class ScriptDefinition
{
    public ScriptDefinition(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Shell script text. Exactly one of <see cref="Script"/> and <see cref="Path"/> is set.</summary>
    public string? Script { get; init; }

    /// <summary>An absolute path to a script file.</summary>
    public string? Path { get; init; }

    /// <summary>The script's arguments, its $1, $2, ...: each passed as it is, nothing needs quoting.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = Array.Empty<string>();

    /// <summary>Null: no timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Null: <c>agentproc-script-&lt;name&gt;.log</c> in the log directory. Relative: under it. <c>~</c> and $VARS expand.</summary>
    public string? LogPath { get; init; }

    /// <summary>Scripts that must succeed (status Ok) before this one runs; else this one is Skipped.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = Array.Empty<string>();

    /// <summary>Scripts that must only have finished, whatever their outcome, before this one runs.</summary>
    public IReadOnlyList<string> After { get; init; } = Array.Empty<string>();

    /// <summary>Null: the caller's directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Per-script environment entries, applied last; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
