namespace AgentProc.Output;

/// <summary>
/// Receives a child's output bytes as the reader threads see them. Implementations are called from
/// reader threads (never the pipeline thread), possibly from two at once (stdout and stderr), so they
/// must be thread-safe, and must not keep the array: the caller reuses it after the call returns.
/// </summary>
internal interface IOutputSink
{
    void Write(byte[] buffer, int offset, int count);
}
