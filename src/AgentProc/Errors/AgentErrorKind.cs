namespace AgentProc.Errors;

/// <summary>
/// What kind of failure an engine error is. The cmdlets map it one-to-one onto PowerShell's
/// ErrorCategory, so the engine can stay free of System.Management.Automation.
/// </summary>
public enum AgentErrorKind
{
    /// <summary>A bad value from the caller (ErrorCategory.InvalidArgument).</summary>
    InvalidArgument,
    /// <summary>An id, name or path that does not exist (ErrorCategory.ObjectNotFound).</summary>
    ObjectNotFound,
    /// <summary>A file or directory that does not exist (ErrorCategory.ObjectNotFound, with an ItemNotFoundException as PowerShell's own path errors have).</summary>
    PathNotFound,
    /// <summary>The target is in the wrong state for the call (ErrorCategory.InvalidOperation).</summary>
    InvalidOperation,
    /// <summary>The session was closed (ErrorCategory.ResourceUnavailable).</summary>
    ResourceUnavailable,
    /// <summary>Something with the same identity already exists (ErrorCategory.ResourceExists).</summary>
    ResourceExists,
    /// <summary>Work, or a wait, that did not end within its time (ErrorCategory.OperationTimeout).</summary>
    Timeout,
    /// <summary>The operating system refused (ErrorCategory.OperationStopped for signals, NotSpecified otherwise).</summary>
    OperatingSystem,
    /// <summary>A process ran and did not end well: a non-zero exit (ErrorCategory.InvalidResult).</summary>
    InvalidResult,
}
