using System;

namespace AgentProc.Output;

/// <summary>
/// Hands every write to several sinks in turn: a process's output feeds both its head+tail buffer
/// (what a snapshot shows) and its recent-output window (what followers read). The sinks' own rules
/// apply (thread-safe, quick); the tee adds no lock of its own.
/// </summary>
internal sealed class OutputTee : IOutputSink
{
    private readonly IOutputSink[] sinks;

    public OutputTee(params IOutputSink[] sinks)
    {
        this.sinks = sinks ?? throw new ArgumentNullException(nameof(sinks));
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        foreach (var sink in sinks)
        {
            sink.Write(buffer, offset, count);
        }
    }
}
