namespace AgentProc.Output;

/// <summary>
/// Receives a child's output bytes as the reader threads see them. Implementations are called from
/// reader threads (never the pipeline thread), possibly from two at once (stdout and stderr), so they
/// must be thread-safe, and must not keep the array: the caller reuses it after the call returns.
/// On Unix the quiet children's sinks all run on one shared poller thread, so a write must be quick
/// and must never wait for other work (a memory copy, a file append, a line queued: yes; a blocking
/// hand-off to the pipeline thread: no).
/// </summary>
internal interface IOutputSink
{
    void Write(byte[] buffer, int offset, int count);
}
