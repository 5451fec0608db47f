using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AgentProc.Output;
using AgentProc.Scripts;

namespace AgentProc.Tests.Scripts;

/// <summary>Keeps every event, and the most scripts it saw running at once (from OnStarted to OnCompleted).</summary>
internal sealed class RecordingObserver : IScriptObserver
{
    private readonly ConcurrentDictionary<string, bool> runningNames = new();
    private int running;
    private int maxRunning;

    public ConcurrentQueue<(string Kind, string Name, string Text)> Events { get; } = new();

    public ConcurrentQueue<AgentScriptResult> Completed { get; } = new();

    public int MaxRunning => Volatile.Read(ref maxRunning);

    public bool WantsOutputLines => true;

    public IReadOnlyList<string> Started => Events.Where(e => e.Kind == "started").Select(e => e.Name).ToArray();

    public IReadOnlyList<string> Lines(string name) => Events.Where(e => e.Kind.StartsWith("line", System.StringComparison.Ordinal) && e.Name == name).Select(e => e.Text).ToArray();

    /// <summary>The lines of one stream only.</summary>
    public IReadOnlyList<string> Lines(string name, OutputStream stream) => Events.Where(e => e.Kind == LineKind(stream) && e.Name == name).Select(e => e.Text).ToArray();

    public IReadOnlyList<string> Warnings(string name) => Events.Where(e => e.Kind == "warning" && e.Name == name).Select(e => e.Text).ToArray();

    public void OnWaiting(string name, IReadOnlyList<string> waitingFor) => Events.Enqueue(("waiting", name, string.Join(",", waitingFor)));

    public IReadOnlyList<string> Waiting(string name) => Events.Where(e => e.Kind == "waiting" && e.Name == name).Select(e => e.Text).ToArray();

    public void OnStarted(string name)
    {
        runningNames[name] = true;
        var now = Interlocked.Increment(ref running);
        int seen;
        while (now > (seen = Volatile.Read(ref maxRunning)) && Interlocked.CompareExchange(ref maxRunning, now, seen) != seen)
        {
        }

        Events.Enqueue(("started", name, string.Empty));
    }

    public void OnOutputLine(string name, OutputStream stream, string line) => Events.Enqueue((LineKind(stream), name, line));

    private static string LineKind(OutputStream stream) => stream == OutputStream.Stderr ? "line:stderr" : "line:stdout";

    public void OnWarning(string name, string message) => Events.Enqueue(("warning", name, message));

    public void OnCompleted(AgentScriptResult result)
    {
        if (runningNames.TryRemove(result.Name, out _))
        {
            Interlocked.Decrement(ref running);
        }

        Completed.Enqueue(result);
        Events.Enqueue(("completed", result.Name, result.Status.ToString()));
    }
}
