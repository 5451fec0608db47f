using System;

namespace AgentProc.Errors;

/// <summary>
/// Every error the engine reports to a caller: a stable id (the ErrorRecord's FullyQualifiedErrorId),
/// its kind (the ErrorCategory) and the object it is about (the ErrorRecord's TargetObject).
/// Build them through <see cref="EngineErrors"/> so ids and wording stay in one place.
/// </summary>
/// <remarks>
/// The engine throws this one type, so its callers and tests catch one type. What a user catches is
/// <see cref="ToTypedException"/>: the same error as the matching .NET exception
/// (<see cref="ArgumentException"/>, <see cref="InvalidOperationException"/>, <see cref="TimeoutException"/>),
/// so <c>catch [ArgumentException]</c> in PowerShell works as it does for .NET's own errors.
/// </remarks>
public sealed class AgentProcException : Exception
{
    public AgentProcException(string errorId, AgentErrorKind kind, string message, object? target = null, Exception? inner = null, string? recommendedAction = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        RecommendedAction = recommendedAction;
    }

    /// <summary>A stable identifier, such as <c>AgentProcessNotFound</c>.</summary>
    public string ErrorId { get; }

    public AgentErrorKind Kind { get; }

    /// <summary>The id, path, expression or object the error is about.</summary>
    public object? Target { get; }

    /// <summary>What to do about it, when that is more than the message says (the ErrorRecord's RecommendedAction).</summary>
    public string? RecommendedAction { get; }

    /// <summary>This error as the .NET exception type its kind matches; the inner exception is kept.</summary>
    public Exception ToTypedException() => Kind switch
    {
        AgentErrorKind.InvalidArgument or AgentErrorKind.ObjectNotFound or AgentErrorKind.PathNotFound or AgentErrorKind.ResourceExists
            => new AgentArgumentException(this),
        AgentErrorKind.Timeout => new AgentTimeoutException(this),
        _ => new AgentInvalidOperationException(this),
    };
}
