using System;

namespace AgentProc.Output;

/// <summary>
/// Where a child's two output streams go. A process's output is captured together, in arrival order,
/// so one sink serves both; a script's standard error gets a sink of its own, so that each line can
/// say which stream it came from. Whether the streams share one pipe is the start's decision
/// (<see cref="Processes.ChildStartInfo.SeparateStandardError"/>): when they do, only
/// <see cref="Stdout"/> is written.
/// </summary>
internal sealed class OutputSinks
{
    /// <summary>One sink for both streams.</summary>
    public OutputSinks(IOutputSink both)
        : this(both, both)
    {
    }

    /// <summary>A sink per stream; the same sink twice is the same as one for both.</summary>
    public OutputSinks(IOutputSink stdout, IOutputSink stderr)
    {
        Stdout = stdout ?? throw new ArgumentNullException(nameof(stdout));
        Stderr = stderr ?? throw new ArgumentNullException(nameof(stderr));
    }

    public IOutputSink Stdout { get; }

    public IOutputSink Stderr { get; }

    /// <summary>
    /// Each stream's sink behind <paramref name="wrap"/>, called once per stream even when one sink
    /// serves both: a wrapper with state (a decoder holding half a character) must not see the two
    /// streams' bytes interleaved.
    /// </summary>
    public OutputSinks Wrap(Func<IOutputSink, IOutputSink> wrap) => new(wrap(Stdout), wrap(Stderr));
}
