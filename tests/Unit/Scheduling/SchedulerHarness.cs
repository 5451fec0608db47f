using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using AgentProc.Scheduling;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;

namespace AgentProc.Tests.Scheduling;

/// <summary>A scheduler on a manual clock with a fake runner, recording what it fires and completes.</summary>
internal sealed class SchedulerHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public SchedulerHarness(int historyCapacity = ScriptScheduler.DefaultHistoryCapacity, DateTimeOffset? start = null)
    {
        Clock = new ManualTimeProvider(start ?? Start);
        Runner = new FakeScriptRunner(Clock);
        Scheduler = new ScriptScheduler(Runner.Runner, Clock, Logger, historyCapacity);
        Scheduler.Fired += (name, scheduled, fired) => Fired.Enqueue((name, scheduled, fired));
        Scheduler.RunCompleted += result => Completed.Enqueue(result);
    }

    public ManualTimeProvider Clock { get; }

    public FakeScriptRunner Runner { get; }

    public ListLogger Logger { get; } = new();

    public ScriptScheduler Scheduler { get; }

    public ConcurrentQueue<(string Name, DateTimeOffset Scheduled, DateTimeOffset Fired)> Fired { get; } = new();

    public ConcurrentQueue<AgentScriptResult> Completed { get; } = new();

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static ScriptDefinition Script(string name, TimeSpan? timeout = null, string? logPath = null) =>
        new(name) { Script = "echo " + name, Timeout = timeout, LogPath = logPath };

    public AgentScriptSchedule Register(string name, string cron, TimeZoneInfo? zone = null) =>
        Scheduler.Register(Script(name), cron, zone ?? TimeZoneInfo.Utc);

    /// <summary>Start + the given number of seconds: the instants the tests expect.</summary>
    public static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    public static DateTimeOffset[] AtSeconds(params double[] seconds) => seconds.Select(At).ToArray();

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public void Dispose() => Scheduler.Dispose();
}
