namespace AgentProc.Output;

/// <summary>Which of a child's output streams a line or a chunk came from.</summary>
internal enum OutputStream
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}
