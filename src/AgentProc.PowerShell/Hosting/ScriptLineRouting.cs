using AgentProc.Output;

namespace AgentProc.Hosting;

/// <summary>Where a script's output line goes in PowerShell.</summary>
internal enum ScriptLineTarget
{
    /// <summary>Nobody reads it: it is not queued at all.</summary>
    Nowhere,

    /// <summary>An Information record tagged with the script's name and the stream.</summary>
    Information,

    /// <summary>A warning (standard error with <c>-StderrAsWarning</c>).</summary>
    Warning,
}

/// <summary>
/// Which of a script's lines go to which PowerShell stream: stdout lines to Information; stderr lines to
/// Information, or to Warning with <c>-StderrAsWarning</c>; and a line bound for a stream the caller
/// ignores goes nowhere, so it costs no queue.
/// </summary>
internal sealed class ScriptLineRouting
{
    public ScriptLineRouting(bool informationRead, bool stderrAsWarning, bool warningsRead = true)
    {
        InformationRead = informationRead;
        StderrAsWarning = stderrAsWarning;
        WarningsRead = warningsRead;
    }

    /// <summary>Whether the caller keeps Information records.</summary>
    public bool InformationRead { get; }

    /// <summary>Whether stderr lines are warnings rather than Information records.</summary>
    public bool StderrAsWarning { get; }

    /// <summary>Whether the caller keeps warnings.</summary>
    public bool WarningsRead { get; }

    /// <summary>Whether any line goes anywhere: when none does, the engine does not even split them.</summary>
    public bool WantsLines => InformationRead || (StderrAsWarning && WarningsRead);

    public ScriptLineTarget TargetOf(OutputStream stream) =>
        stream == OutputStream.Stderr && StderrAsWarning
            ? (WarningsRead ? ScriptLineTarget.Warning : ScriptLineTarget.Nowhere)
            : (InformationRead ? ScriptLineTarget.Information : ScriptLineTarget.Nowhere);
}
