using System;
using System.Threading.Tasks;
using AgentProc.Scheduling;
using AgentProc.Scripts;

namespace AgentProc.Benchmarks.Scheduling;

/// <summary>
/// Item 5: the session's <see cref="ScriptScheduler"/> behind <see cref="ISchedulerUnderTest"/>. Its
/// <see cref="ScriptScheduler.Fired"/> event is raised when a firing starts a run, with the instant
/// the cron schedule gave; the run itself is a no-op, so only the scheduler's timing is measured.
/// </summary>
internal sealed class EngineSchedulerAdapter : ISchedulerUnderTest
{
    private readonly ScriptScheduler scheduler;

    public EngineSchedulerAdapter(TimeProvider time) =>
        scheduler = new ScriptScheduler((script, stage, _) => Task.FromResult(new AgentScriptResult(script.Name, AgentScriptStatus.Ok, stage)), time);

    public string Name => "AgentProc.Scheduling.ScriptScheduler";

    public IDisposable Schedule(string cronExpression, Action<DateTimeOffset> onFiring)
    {
        var name = "bench-" + Guid.NewGuid().ToString("N");
        void Handler(string fired, DateTimeOffset scheduled, DateTimeOffset firedAt)
        {
            if (fired == name)
            {
                onFiring(scheduled);
            }
        }

        scheduler.Fired += Handler;
        scheduler.Register(new ScriptDefinition(name) { Script = "true" }, cronExpression, TimeZoneInfo.Utc);
        return new Registration(() =>
        {
            scheduler.Fired -= Handler;
            scheduler.UnregisterAsync(name, stopRunning: true, default).GetAwaiter().GetResult();
        });
    }

    public void Dispose() => scheduler.Dispose();

    private sealed class Registration : IDisposable
    {
        private Action? undo;

        public Registration(Action undo) => this.undo = undo;

        public void Dispose()
        {
            undo?.Invoke();
            undo = null;
        }
    }
}
