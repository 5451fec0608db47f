using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AgentProc.Benchmarks.Harness;

namespace AgentProc.Benchmarks.Scheduling;

/// <summary>
/// Item 5 (separate on purpose: it needs AgentProc.Scheduling, which lands after items 1-4).
/// A per-second schedule (<c>* * * * * *</c>) over 60 s (10 s in the quick mode): the lateness of
/// each firing (the clock when the callback runs minus the time it was scheduled for), max and p99.
/// The engine's scheduler and the baseline (<see cref="TimerBaselineScheduler"/>) run side by side
/// over the same seconds, so they see the same machine load.
/// </summary>
internal static class SchedulerPrecision
{
    public const string EverySecond = "* * * * * *";

    /// <summary>True when this build includes the engine's scheduler (the AgentProcScheduler property).</summary>
    public static bool EngineSchedulerAvailable =>
#if AGENTPROC_SCHEDULER
        true;
#else
        false;
#endif

    public static void Run(BenchOptions options, Report report)
    {
        var seconds = options.ScheduleSeconds ?? (options.Quick ? 10 : 60);
        var time = TimeProvider.System;
        if (!EngineSchedulerAvailable)
        {
            if (!options.Only.Contains(5))
            {
                Console.WriteLine("[5] Scheduler precision: SKIPPED (built without AgentProc.Scheduling's scheduler; build with -p:AgentProcScheduler=true once it exists)");
                report.Add(new Row("5", "Per-second schedule: max / p99 lateness", "not measured: the scheduler is not in this build yet", "-", null, "report", null));
                return;
            }

            // Asked for by name (--only 5): measure the baseline alone, which checks the harness itself.
            Console.WriteLine($"[5] Scheduler precision: the engine's scheduler is not in this build; the baseline alone, `{EverySecond}` for {seconds} s");
            using var alone = new TimerBaselineScheduler(time);
            var late = new List<double>();
            using (alone.Schedule(EverySecond, scheduled => Record(late, time, scheduled)))
            {
                Thread.Sleep(TimeSpan.FromSeconds(seconds + 0.5));
            }

            var l = Snapshot(late);
            report.Add(new Row("5", $"Per-second schedule over {seconds} s: max / p99 lateness ({l.Length} firings)", "not in this build", $"{Format.Ms(l.Max())} / {Format.Ms(Stats.Percentile(l, 99))} ({alone.Name})", null, "report"));
            return;
        }

        Console.WriteLine($"[5] Scheduler precision: `{EverySecond}` for {seconds} s, engine and bare timer side by side");
        using var baseline = new TimerBaselineScheduler(time);
        using var engine = CreateEngineScheduler(time);
        var baselineLate = new List<double>();
        var engineLate = new List<double>();
        using (baseline.Schedule(EverySecond, scheduled => Record(baselineLate, time, scheduled)))
        using (engine.Schedule(EverySecond, scheduled => Record(engineLate, time, scheduled)))
        {
            Thread.Sleep(TimeSpan.FromSeconds(seconds + 0.5));
        }

        // The first firing may come within the first second of registration; keep every firing.
        var e = Snapshot(engineLate);
        var b = Snapshot(baselineLate);
        var expected = seconds;
        report.Add(new Row(
            "5",
            $"Per-second schedule over {seconds} s: max lateness ({e.Length} firings, expected ~{expected})",
            Format.Ms(e.Max()),
            Format.Ms(b.Max()) + $" ({baseline.Name}, {b.Length} firings)",
            e.Max() / b.Max(),
            "report"));
        report.Add(new Row(
            "5",
            $"Per-second schedule over {seconds} s: p99 lateness",
            Format.Ms(Stats.Percentile(e, 99)),
            Format.Ms(Stats.Percentile(b, 99)),
            Stats.Percentile(e, 99) / Stats.Percentile(b, 99),
            "report"));
        report.Note($"Item 5 lateness, engine: median {Format.Ms(Stats.Median(e))}, min {Format.Ms(e.Min())}; baseline: median {Format.Ms(Stats.Median(b))}, min {Format.Ms(b.Min())}.");
    }

    private static void Record(List<double> lateness, TimeProvider time, DateTimeOffset scheduled)
    {
        var late = (time.GetUtcNow() - scheduled).TotalMilliseconds;
        lock (lateness)
        {
            lateness.Add(late);
        }
    }

    private static double[] Snapshot(List<double> lateness)
    {
        lock (lateness)
        {
            return lateness.Count == 0 ? new[] { double.NaN } : lateness.ToArray();
        }
    }

    private static ISchedulerUnderTest CreateEngineScheduler(TimeProvider time) =>
#if AGENTPROC_SCHEDULER
        new EngineSchedulerAdapter(time);
#else
        throw new InvalidOperationException("Built without AgentProc.Scheduling's scheduler.");
#endif
}
