using System;
using System.Threading;

namespace AgentProc.Benchmarks.Scheduling;

/// <summary>
/// Item 5's baseline: the least a TimeProvider-driven scheduler must do for "every second". One
/// one-shot timer, armed for the next whole second, re-armed in its callback. Ignores the cron
/// expression (the benchmark only uses <c>* * * * * *</c>).
/// </summary>
internal sealed class TimerBaselineScheduler : ISchedulerUnderTest
{
    private readonly TimeProvider time;

    public TimerBaselineScheduler(TimeProvider time) => this.time = time;

    public string Name => "bare TimeProvider timer";

    public IDisposable Schedule(string cronExpression, Action<DateTimeOffset> onFiring) => new Firing(time, onFiring);

    public void Dispose()
    {
    }

    private sealed class Firing : IDisposable
    {
        private readonly TimeProvider time;
        private readonly Action<DateTimeOffset> onFiring;
        private readonly ITimer timer;
        private readonly object gate = new();
        private DateTimeOffset next;
        private bool disposed;

        public Firing(TimeProvider time, Action<DateTimeOffset> onFiring)
        {
            this.time = time;
            this.onFiring = onFiring;
            lock (gate)
            {
                timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                Arm(time.GetUtcNow());
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                timer.Dispose();
            }
        }

        private void Fire()
        {
            DateTimeOffset scheduled;
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                scheduled = next;
            }

            var now = time.GetUtcNow();
            if (now < scheduled)
            {
                // Timers may fire a little early; wait for the real time.
                lock (gate)
                {
                    timer.Change(scheduled - now, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            onFiring(scheduled);
            lock (gate)
            {
                if (!disposed)
                {
                    Arm(scheduled);
                }
            }
        }

        // Caller holds the gate. The next whole second strictly after `after`.
        private void Arm(DateTimeOffset after)
        {
            var ticks = after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond;
            next = new DateTimeOffset(ticks, TimeSpan.Zero);
            var due = next - time.GetUtcNow();
            timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
    }
}
