using System;

namespace AgentProc.Errors;

/// <summary>What every AgentProc error carries, whichever .NET exception type it is.</summary>
public interface IAgentProcError
{
    /// <summary>A stable identifier, such as <c>AgentProcessNotFound</c>.</summary>
    string ErrorId { get; }

    AgentErrorKind Kind { get; }

    /// <summary>The id, path, expression or object the error is about.</summary>
    object? Target { get; }

    /// <summary>What to do about it, or null when the message says it all.</summary>
    string? RecommendedAction { get; }
}

/// <summary>A bad value, an unknown id or name, or a duplicate: <c>catch [ArgumentException]</c> catches it.</summary>
public sealed class AgentArgumentException : ArgumentException, IAgentProcError
{
    internal AgentArgumentException(AgentProcException error)
        : base(error.Message, error.InnerException)
    {
        ErrorId = error.ErrorId;
        Kind = error.Kind;
        Target = error.Target;
        RecommendedAction = error.RecommendedAction;
    }

    public string ErrorId { get; }

    public AgentErrorKind Kind { get; }

    public object? Target { get; }

    public string? RecommendedAction { get; }
}

/// <summary>A call the target's state does not allow, a closed session, or a refusal of the OS: <c>catch [InvalidOperationException]</c>.</summary>
public sealed class AgentInvalidOperationException : InvalidOperationException, IAgentProcError
{
    internal AgentInvalidOperationException(AgentProcException error)
        : base(error.Message, error.InnerException)
    {
        ErrorId = error.ErrorId;
        Kind = error.Kind;
        Target = error.Target;
        RecommendedAction = error.RecommendedAction;
    }

    public string ErrorId { get; }

    public AgentErrorKind Kind { get; }

    public object? Target { get; }

    public string? RecommendedAction { get; }
}

/// <summary>Work that did not end within its time: <c>catch [TimeoutException]</c>.</summary>
public sealed class AgentTimeoutException : TimeoutException, IAgentProcError
{
    internal AgentTimeoutException(AgentProcException error)
        : base(error.Message, error.InnerException)
    {
        ErrorId = error.ErrorId;
        Kind = error.Kind;
        Target = error.Target;
        RecommendedAction = error.RecommendedAction;
    }

    public string ErrorId { get; }

    public AgentErrorKind Kind { get; }

    public object? Target { get; }

    public string? RecommendedAction { get; }
}
