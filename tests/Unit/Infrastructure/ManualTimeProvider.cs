using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace AgentProc.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when a test says so. Timers created from it fire, in due order, on the
/// thread that calls <see cref="Advance"/>, so scheduling tests never wait for real time.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object gate = new();
    private readonly List<ManualTimer> timers = new();
    private DateTimeOffset now;

    public ManualTimeProvider(DateTimeOffset start)
    {
        now = start;
    }

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    public override TimeZoneInfo LocalTimeZone => Zone;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Moves the clock forward, firing each timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (gate)
        {
            target = now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (gate)
            {
                next = timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (next is null)
                {
                    now = target;
                    return;
                }

                if (next.DueAt > now)
                {
                    now = next.DueAt;
                }

                next.Reschedule();
            }

            next.Fire();
        }
    }

    public void SetUtcNow(DateTimeOffset value) => Advance(value - GetUtcNow());

    /// <summary>
    /// Moves the clock forward without firing anything, as when the machine is suspended or stalls:
    /// the timers that fell due meanwhile fire, late, at the next <see cref="Advance"/> (even by zero).
    /// </summary>
    public void Stall(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }

    /// <summary>Fires every armed timer now, before it is due, as a real timer may when the wall clock and its own clock disagree.</summary>
    public void FireAllEarly()
    {
        List<ManualTimer> due;
        lock (gate)
        {
            due = timers.ToList();
            foreach (var timer in due)
            {
                timer.Reschedule();
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    /// <summary>When each armed timer falls due, soonest first.</summary>
    public IReadOnlyList<DateTimeOffset> DueTimes
    {
        get
        {
            lock (gate)
            {
                return timers.Select(t => t.DueAt).OrderBy(t => t).ToList();
            }
        }
    }

    public int ActiveTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider owner;
        private readonly TimerCallback callback;
        private readonly object? state;
        private TimeSpan period;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            this.owner = owner;
            this.callback = callback;
            this.state = state;
        }

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
                this.period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = owner.now + dueTime;
                    owner.timers.Add(this);
                }
            }

            return true;
        }

        // Called under the owner's lock, before firing.
        public void Reschedule()
        {
            owner.timers.Remove(this);
            if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
            {
                DueAt += period;
                owner.timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
            }
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
