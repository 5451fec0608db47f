using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AgentProc.Benchmarks.Harness;

namespace AgentProc.Benchmarks.Scheduling;

/// <summary>
/// Item 5.
/// A per-second schedule (<c>* * * * * *</c>) over 60 s (10 s in the quick mode): the lateness of
/// each firing (the clock when the callback runs minus the time it was scheduled for), max and p99.
/// The engine's scheduler and the baseline (<see cref="TimerBaselineScheduler"/>) run side by side
/// over the same seconds, so they see the same machine load.
/// </summary>
internal static class SchedulerPrecision
{
    public const string EverySecond = "* * * * * *";

    public static void Run(BenchOptions options, Report report)
    {
        var seconds = options.ScheduleSeconds ?? (options.Quick ? 10 : 60);
        var time = TimeProvider.System;
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

    private static ISchedulerUnderTest CreateEngineScheduler(TimeProvider time) => new EngineSchedulerAdapter(time);
}
