using System;

namespace AgentProc.Benchmarks.Scheduling;

/// <summary>
/// Item 5's view of a scheduler: run a callback at every firing of a cron expression, handing it
/// the time the firing was scheduled for. Lateness is the clock at the callback minus that time.
/// </summary>
internal interface ISchedulerUnderTest : IDisposable
{
    string Name { get; }

    /// <summary>Starts firing <paramref name="onFiring"/> (argument: the scheduled time) until disposed.</summary>
    IDisposable Schedule(string cronExpression, Action<DateTimeOffset> onFiring);
}
