using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scheduling;
using AgentProc.Scripts;

namespace AgentProc.Tests.Scheduling;

/// <summary>
/// Stands in for the script runner: records every call (script, stage, token, the clock at the
/// call) and ends each run when the test says so. Runs end at once (Ok) unless <see cref="Hold"/>.
/// </summary>
internal sealed class FakeScriptRunner
{
    private readonly TimeProvider time;
    private readonly ConcurrentQueue<FakeRun> calls = new();

    public FakeScriptRunner(TimeProvider time)
    {
        this.time = time;
    }

    /// <summary>Keep runs open until the test completes them.</summary>
    public bool Hold { get; set; }

    /// <summary>Like the real runner: a canceled run ends at once, Canceled. Off: the test ends it.</summary>
    public bool EndOnCancel { get; set; } = true;

    /// <summary>Replaces the whole run (to throw, fault or return null).</summary>
    public Func<FakeRun, Task<AgentScriptResult>>? Behaviour { get; set; }

    public IReadOnlyList<FakeRun> Calls => calls.ToArray();

    public FakeRun Last => Calls.Last();

    /// <summary>The clock at each call, which the manual clock makes exactly the scheduled instant.</summary>
    public IReadOnlyList<DateTimeOffset> CallTimes => Calls.Select(c => c.CalledAt).ToArray();

    public ScheduledRunCallback Runner => RunAsync;

    private Task<AgentScriptResult> RunAsync(ScriptDefinition script, AgentScriptStage stage, CancellationToken cancellationToken)
    {
        var call = new FakeRun(script, stage, cancellationToken, time);
        calls.Enqueue(call);
        if (Behaviour is { } behaviour)
        {
            return behaviour(call);
        }

        if (EndOnCancel)
        {
            cancellationToken.Register(() => call.Complete(AgentScriptStatus.Canceled));
        }

        if (!Hold)
        {
            call.Complete();
        }

        return call.Task;
    }
}

/// <summary>One call of the fake runner.</summary>
internal sealed class FakeRun
{
    private readonly TimeProvider time;
    // Default options: completing it runs the scheduler's continuation inline, so the test sees the result recorded at once.
    private readonly TaskCompletionSource<AgentScriptResult> completion = new();

    public FakeRun(ScriptDefinition script, AgentScriptStage stage, CancellationToken token, TimeProvider time)
    {
        Script = script;
        Stage = stage;
        Token = token;
        this.time = time;
        CalledAt = time.GetUtcNow();
    }

    public ScriptDefinition Script { get; }

    public AgentScriptStage Stage { get; }

    public CancellationToken Token { get; }

    public DateTimeOffset CalledAt { get; }

    public Task<AgentScriptResult> Task => completion.Task;

    /// <summary>
    /// Ends the run. Like the real runner, which completes on a thread-pool thread, it completes
    /// with no SynchronizationContext: .NET then runs the scheduler's continuation inline, so the
    /// result is recorded before this returns. (Under xunit's context it would be queued to the pool.)
    /// </summary>
    public void Complete(AgentScriptStatus status = AgentScriptStatus.Ok)
    {
        var result = new AgentScriptResult(Script.Name, status, Stage)
        {
            StartedAt = CalledAt,
            EndedAt = time.GetUtcNow(),
            ExitCode = status == AgentScriptStatus.Ok ? 0 : 1,
            LogPath = Script.LogPath,
        };
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            completion.TrySetResult(result);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
