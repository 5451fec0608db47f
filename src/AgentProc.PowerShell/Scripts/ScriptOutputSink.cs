using System;
using System.Collections.Generic;
using AgentProc.Output;

namespace AgentProc.Scripts;

/// <summary>
/// Where a running script's output goes: the bounded buffer behind the result's Output, the log
/// file, and the observer line by line. One lock keeps the three in the same order when both
/// readers (stdout and stderr) deliver at once. Lines are held back until <see cref="Open"/> (the
/// observer's OnStarted), since a quick script can write before the start is announced. After
/// <see cref="Complete"/> late chunks from an abandoned reader are dropped, so nothing arrives after
/// the result was reported.
/// </summary>
internal sealed class ScriptOutputSink : IOutputSink
{
    private readonly object gate = new();
    private readonly HeadTailBuffer buffer;
    private readonly ScriptLogFile log;
    private readonly LineSplitter? lines;
    private readonly Action<string>? onLine;
    private List<string>? early = new();
    private bool completed;

    /// <param name="buffer">The head+tail buffer of the run's result.</param>
    /// <param name="log">The script's log file, which gets every byte.</param>
    /// <param name="maxLineLength">Lines longer than this are cut.</param>
    /// <param name="onLine">Each complete line as it arrives; null when nobody reads lines, so none are split.</param>
    public ScriptOutputSink(HeadTailBuffer buffer, ScriptLogFile log, int maxLineLength, Action<string>? onLine)
    {
        this.buffer = buffer;
        this.log = log;
        this.onLine = onLine;
        lines = onLine is null ? null : new LineSplitter(maxLineLength, Deliver);
    }

    /// <summary>Calls <paramref name="onStarted"/>, then lets the lines flow, those held back first.</summary>
    public void Open(Action onStarted)
    {
        lock (gate)
        {
            onStarted();
            var held = early;
            early = null;
            foreach (var line in held ?? new List<string>())
            {
                onLine!(line);
            }
        }
    }

    public void Write(byte[] bytes, int offset, int count)
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            buffer.Write(bytes, offset, count);
            log.WriteOutput(bytes, offset, count);
            lines?.Write(bytes, offset, count);
        }
    }

    /// <summary>Delivers the last partial line and closes the sink to further writes.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            completed = true;
            lines?.Flush();
        }
    }

    // Under the lock (the splitter is only called from Write and Complete).
    private void Deliver(string line)
    {
        if (early != null)
        {
            early.Add(line);
        }
        else
        {
            onLine!(line);
        }
    }
}
