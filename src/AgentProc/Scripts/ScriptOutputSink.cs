using System;
using System.Collections.Generic;
using AgentProc.Output;

namespace AgentProc.Scripts;

/// <summary>
/// Where a running script's output goes: the bounded buffer behind the result's Output, the log
/// file, and the observer line by line, each line with the stream it came from. stdout and stderr
/// arrive through pipes of their own (<see cref="Sinks"/>); one lock keeps the buffer, the log and the
/// lines in the same arrival order when both readers deliver at once, and each stream has its own line
/// splitter, so a partial line on one is never joined to the other's. In the buffer and the log, where
/// the streams meet, a line one stream left unfinished is ended (a newline is added) before the other's
/// bytes, so that the two never run together on one line. Lines are held back until
/// <see cref="Open"/> (the observer's OnStarted), since a quick script can write before the start is
/// announced. After <see cref="Complete"/> late chunks from an abandoned reader are dropped, so nothing
/// arrives after the result was reported.
/// </summary>
internal sealed class ScriptOutputSink
{
    private static readonly byte[] LineBreak = { (byte)'\n' };

    private readonly object gate = new();
    private readonly HeadTailBuffer buffer;
    private readonly ScriptLogFile log;
    private readonly LineSplitter? stdoutLines;
    private readonly LineSplitter? stderrLines;
    private readonly Action<OutputStream, string>? onLine;
    private List<(OutputStream Stream, string Line)>? early = new();
    private bool completed;

    // Under the lock: the stream that wrote last, and whether its last byte ended a line.
    private OutputStream lastStream;
    private bool midLine;

    /// <param name="buffer">The head+tail buffer of the run's result.</param>
    /// <param name="log">The script's log file, which gets every byte.</param>
    /// <param name="maxLineLength">Lines longer than this are cut.</param>
    /// <param name="onLine">Each complete line as it arrives, with its stream; null when nobody reads lines, so none are split.</param>
    public ScriptOutputSink(HeadTailBuffer buffer, ScriptLogFile log, int maxLineLength, Action<OutputStream, string>? onLine)
    {
        this.buffer = buffer;
        this.log = log;
        this.onLine = onLine;
        if (onLine != null)
        {
            stdoutLines = new LineSplitter(maxLineLength, line => Deliver(OutputStream.Stdout, line));
            stderrLines = new LineSplitter(maxLineLength, line => Deliver(OutputStream.Stderr, line));
        }

        Sinks = new OutputSinks(new StreamSink(this, OutputStream.Stdout), new StreamSink(this, OutputStream.Stderr));
    }

    /// <summary>What the readers write into: one sink per stream.</summary>
    public OutputSinks Sinks { get; }

    /// <summary>Calls <paramref name="onStarted"/>, then lets the lines flow, those held back first.</summary>
    public void Open(Action onStarted)
    {
        lock (gate)
        {
            onStarted();
            var held = early;
            early = null;
            foreach (var (stream, line) in held ?? new List<(OutputStream, string)>())
            {
                onLine!(stream, line);
            }
        }
    }

    /// <summary>Delivers each stream's last partial line (stdout's first) and closes the sink to further writes.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            completed = true;
            stdoutLines?.Flush();
            stderrLines?.Flush();
        }
    }

    private void Write(OutputStream stream, byte[] bytes, int offset, int count)
    {
        lock (gate)
        {
            if (completed || count == 0)
            {
                return;
            }

            if (stream != lastStream && midLine)
            {
                buffer.Write(LineBreak, 0, 1);
                log.WriteOutput(LineBreak, 0, 1);
            }

            lastStream = stream;
            midLine = bytes[offset + count - 1] != (byte)'\n';
            buffer.Write(bytes, offset, count);
            log.WriteOutput(bytes, offset, count);
            (stream == OutputStream.Stderr ? stderrLines : stdoutLines)?.Write(bytes, offset, count);
        }
    }

    // Under the lock (the splitters are only called from Write and Complete).
    private void Deliver(OutputStream stream, string line)
    {
        if (early != null)
        {
            early.Add((stream, line));
        }
        else
        {
            onLine!(stream, line);
        }
    }

    /// <summary>One stream's way into the shared sink.</summary>
    private sealed class StreamSink : IOutputSink
    {
        private readonly ScriptOutputSink owner;
        private readonly OutputStream stream;

        public StreamSink(ScriptOutputSink owner, OutputStream stream)
        {
            this.owner = owner;
            this.stream = stream;
        }

        public void Write(byte[] buffer, int offset, int count) => owner.Write(stream, buffer, offset, count);
    }
}
