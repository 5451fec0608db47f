using System;

namespace AgentProc.Errors;

/// <summary>
/// Every error the engine reports to a caller: a stable id (the ErrorRecord's FullyQualifiedErrorId),
/// its kind (the ErrorCategory) and the object it is about (the ErrorRecord's TargetObject).
/// Build them through <see cref="EngineErrors"/> so ids and wording stay in one place.
/// </summary>
public sealed class AgentProcException : Exception
{
    public AgentProcException(string errorId, AgentErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>A stable identifier, such as <c>AgentProcessNotFound</c>.</summary>
    public string ErrorId { get; }

    public AgentErrorKind Kind { get; }

    /// <summary>The id, path, expression or object the error is about.</summary>
    public object? Target { get; }
}
