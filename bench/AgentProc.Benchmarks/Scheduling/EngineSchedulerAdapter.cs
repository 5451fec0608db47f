#if AGENTPROC_SCHEDULER
using System;
using System.Threading.Tasks;
using AgentProc.Scheduling;

namespace AgentProc.Benchmarks.Scheduling;

/// <summary>
/// Item 5: AgentProc.Scheduling's scheduler behind <see cref="ISchedulerUnderTest"/>. Compiled only
/// with the AgentProcScheduler MSBuild property set to true. This file is the only one that names the
/// scheduler's API; if its names differ from these, adapt them here.
/// </summary>
internal sealed class EngineSchedulerAdapter : ISchedulerUnderTest
{
    private readonly CronScheduler scheduler;

    public EngineSchedulerAdapter(TimeProvider time) => scheduler = new CronScheduler(time);

    public string Name => "AgentProc.Scheduling";

    public IDisposable Schedule(string cronExpression, Action<DateTimeOffset> onFiring) =>
        scheduler.Add(
            "bench-every-second",
            CronSchedule.Parse(cronExpression),
            (scheduledAt, cancellationToken) =>
            {
                onFiring(scheduledAt);
                return Task.CompletedTask;
            });

    public void Dispose() => scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
#endif
