using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Benchmarks.Harness;
using AgentProc.Processes;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 1: start and reap <c>true</c> through the engine, against bare <see cref="Process.Start()"/>
/// of <c>/bin/sh -c true</c> with redirected output. Each round runs every variant once, in an order
/// that alternates between rounds; the ratio is taken per round and the median reported.
/// </summary>
internal static class StartOverhead
{
    private const string Command = "true";

    public static void Run(BenchOptions options, Report report)
    {
        var count = options.Quick ? 100 : 200;
        var rounds = options.Quick ? 3 : 7;
        Console.WriteLine($"[1] Start overhead: {rounds} rounds x {count} `{Command}` processes per variant; sequential start-and-reap, interleaved process by process; then bursts (start all, reap all)");

        var manager = Bare.Manager();
        Results seq;
        try
        {
            var sequential = new (string Name, Action Once)[]
            {
                ("bare", () => Bare.RunToExit(Bare.ShellInfo(Command))),
                ("setsid", () => Bare.RunToExit(Bare.SetsidShellInfo(Command))),
                ("engine", () => EngineOnce(manager)),
            };

            // Warm-up: JIT, the thread pool, the page cache for setsid and sh.
            Interleaved(sequential, 20, 1);
            seq = Interleaved(sequential, count, rounds);
        }
        finally
        {
            manager.CloseAsync().GetAwaiter().GetResult();
        }

        var burst = new (string Name, Func<int, double> Run)[]
        {
            ("bare", n => BareBurst(n, () => Bare.ShellInfo(Command))),
            ("setsid", n => BareBurst(n, () => Bare.SetsidShellInfo(Command))),
            ("engine", EngineBurst),
        };
        foreach (var (_, run) in burst)
        {
            run(20);
        }

        var bur = Batches(burst, count, rounds);

        var seqRatio = Stats.Median(seq.RatioTo("engine", "bare"));
        report.Add(new Row(
            "1",
            $"Start + reap `true`, per process ({count} one after another, median of {rounds} rounds)",
            Format.Ms(Stats.Median(seq.Times["engine"])),
            Format.Ms(Stats.Median(seq.Times["bare"])) + " (`Process.Start` of `/bin/sh -c true`, output redirected, `WaitForExit()`)",
            seqRatio,
            "≤ 1.25x",
            seqRatio <= 1.25));
        report.Add(new Row(
            "1",
            "Same, against the engine's own floor: bare `Process` running `setsid /bin/sh -c 'exec 2>&1; true'`, stdin closed",
            Format.Ms(Stats.Median(seq.Times["engine"])),
            Format.Ms(Stats.Median(seq.Times["setsid"])),
            Stats.Median(seq.RatioTo("engine", "setsid"))));
        report.Add(new Row(
            "1",
            "Same, typical process (median of the per-process times, all rounds): engine / bare sh / bare setsid sh",
            Format.Ms(Stats.Median(seq.Samples["engine"])),
            Format.Ms(Stats.Median(seq.Samples["bare"])) + " / " + Format.Ms(Stats.Median(seq.Samples["setsid"])),
            Stats.Median(seq.Samples["engine"]) / Stats.Median(seq.Samples["bare"])));
        report.Add(new Row(
            "1",
            $"Burst: start {count} at once, then reap all; per process",
            Format.Ms(Stats.Median(bur.Times["engine"])),
            Format.Ms(Stats.Median(bur.Times["bare"])) + " (bare sh); " + Format.Ms(Stats.Median(bur.Times["setsid"])) + " (bare setsid sh)",
            Stats.Median(bur.RatioTo("engine", "bare"))));

        var breakdown = Breakdown(count);
        report.Note(
            $"Item 1 breakdown (per-process medians over {count} sequential starts, interleaved): engine `Start()` call {Format.Ms(breakdown.EngineStart)}, " +
            $"then {Format.Ms(breakdown.EngineToExit)} until the exit is seen (`Process.Exited`), then {Format.Ms(breakdown.EngineToReported)} until the engine reports it; " +
            $"bare sh: `Process.Start` {Format.Ms(breakdown.BareStart)}, then {Format.Ms(breakdown.BareToExit)} until `WaitForExit()` returns; " +
            $"bare setsid sh: {Format.Ms(breakdown.SetsidStart)}, then {Format.Ms(breakdown.SetsidToExit)}.");
        report.Note(
            $"Item 1 CPU used in this process per start + reap (getrusage, median of rounds): engine {Format.Ms(Stats.Median(seq.Cpu["engine"]))}, " +
            $"bare sh {Format.Ms(Stats.Median(seq.Cpu["bare"]))}, bare setsid sh {Format.Ms(Stats.Median(seq.Cpu["setsid"]))}.");
        report.Note(
            $"Item 1 per-round ratios, sequential engine/bare: {Format.List(seq.RatioTo("engine", "bare"))}; setsid/bare: {Format.List(seq.RatioTo("setsid", "bare"))}; " +
            $"engine/setsid: {Format.List(seq.RatioTo("engine", "setsid"))}; burst engine/bare: {Format.List(bur.RatioTo("engine", "bare"))}.");
    }

    /// <summary>
    /// <paramref name="rounds"/> rounds of <paramref name="count"/> iterations; each iteration runs every
    /// variant once, in an order that rotates, so machine noise falls on all of them alike.
    /// </summary>
    private static Results Interleaved((string Name, Action Once)[] variants, int count, int rounds)
    {
        var results = new Results();
        for (var round = 0; round < rounds; round++)
        {
            var sums = new double[variants.Length];
            var cpuSums = new double[variants.Length];
            for (var i = 0; i < count; i++)
            {
                for (var k = 0; k < variants.Length; k++)
                {
                    var v = (i + k + round) % variants.Length;
                    var cpu = Cpu.Milliseconds();
                    var start = Stopwatch.GetTimestamp();
                    variants[v].Once();
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    cpuSums[v] += Cpu.Milliseconds() - cpu;
                    sums[v] += ms;
                    results.Sample(variants[v].Name, ms);
                }
            }

            for (var v = 0; v < variants.Length; v++)
            {
                results.Add(variants[v].Name, sums[v] / count);
                results.AddCpu(variants[v].Name, cpuSums[v] / count);
            }
        }

        return results;
    }

    /// <summary>Whole batches per variant (a burst cannot be interleaved), the order alternating between rounds.</summary>
    private static Results Batches((string Name, Func<int, double> Run)[] variants, int count, int rounds)
    {
        var results = new Results();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? variants : variants.Reverse().ToArray();
            foreach (var (name, run) in order)
            {
                results.Add(name, run(count));
            }
        }

        return results;
    }

    private static void EngineOnce(ProcessManager manager)
    {
        var process = manager.Start(new ProcessStartRequest(Command));
        process.WaitForExitAsync(null, default).GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{Command}` exited with {process.ExitCode} under the engine.");
        }
    }

    private static double BareBurst(int count, Func<ProcessStartInfo> info)
    {
        var processes = new List<Process>(count);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var process = Process.Start(info())!;
                processes.Add(process);
                if (process.StartInfo.RedirectStandardInput)
                {
                    process.StandardInput.Close();
                }
            }

            foreach (var process in processes)
            {
                process.WaitForExit();
            }

            return stopwatch.Elapsed.TotalMilliseconds / count;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    private static double EngineBurst(int count)
    {
        var manager = Bare.Manager();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var started = new AgentProcess[count];
            for (var i = 0; i < count; i++)
            {
                started[i] = manager.Start(new ProcessStartRequest(Command));
            }

            Task.WhenAll(started.Select(p => p.WaitForExitAsync(null, default))).GetAwaiter().GetResult();
            return stopwatch.Elapsed.TotalMilliseconds / count;
        }
        finally
        {
            manager.CloseAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>Where the time goes, per process: the start call, the wait for the exit, and (engine) the wait for the report.</summary>
    private static Breakdowns Breakdown(int count)
    {
        var engineStart = new List<double>();
        var engineToExit = new List<double>();
        var engineToReported = new List<double>();
        var bareStart = new List<double>();
        var bareToExit = new List<double>();
        var setsidStart = new List<double>();
        var setsidToExit = new List<double>();
        var manager = Bare.Manager();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var process = manager.Start(new ProcessStartRequest(Command));
                var t1 = Stopwatch.GetTimestamp();
                long exitedAt = 0;
                var exited = process.Child.Exited.ContinueWith(_ => exitedAt = Stopwatch.GetTimestamp(), TaskContinuationOptions.ExecuteSynchronously);
                process.WaitForExitAsync(null, default).GetAwaiter().GetResult();
                var t2 = Stopwatch.GetTimestamp();
                exited.Wait();
                engineStart.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                engineToExit.Add(Stopwatch.GetElapsedTime(t1, exitedAt).TotalMilliseconds);
                engineToReported.Add(Stopwatch.GetElapsedTime(exitedAt, t2).TotalMilliseconds);

                BareTimes(Bare.ShellInfo(Command), bareStart, bareToExit);
                BareTimes(Bare.SetsidShellInfo(Command), setsidStart, setsidToExit);
            }
        }
        finally
        {
            manager.CloseAsync().GetAwaiter().GetResult();
        }

        return new Breakdowns(
            Stats.Median(engineStart), Stats.Median(engineToExit), Stats.Median(engineToReported),
            Stats.Median(bareStart), Stats.Median(bareToExit), Stats.Median(setsidStart), Stats.Median(setsidToExit));
    }

    private static void BareTimes(ProcessStartInfo info, List<double> start, List<double> toExit)
    {
        var t0 = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        if (info.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        var t1 = Stopwatch.GetTimestamp();
        process.WaitForExit();
        var t2 = Stopwatch.GetTimestamp();
        start.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
        toExit.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
    }

    private sealed record Breakdowns(double EngineStart, double EngineToExit, double EngineToReported, double BareStart, double BareToExit, double SetsidStart, double SetsidToExit);

    private sealed class Results
    {
        /// <summary>Per round: milliseconds per process.</summary>
        public Dictionary<string, List<double>> Times { get; } = new();

        /// <summary>Every single process's time.</summary>
        public Dictionary<string, List<double>> Samples { get; } = new();

        public void Add(string name, double msPerProcess) => Get(Times, name).Add(msPerProcess);

        public void Sample(string name, double ms) => Get(Samples, name).Add(ms);

        /// <summary>Per round: CPU milliseconds used in this process per process started.</summary>
        public Dictionary<string, List<double>> Cpu { get; } = new();

        public void AddCpu(string name, double msPerProcess) => Get(Cpu, name).Add(msPerProcess);

        /// <summary>Per-round ratios (rounds are aligned by index).</summary>
        public IReadOnlyList<double> RatioTo(string numerator, string denominator) =>
            Times[numerator].Zip(Times[denominator], (a, b) => a / b).ToArray();

        private static List<double> Get(Dictionary<string, List<double>> map, string name)
        {
            if (!map.TryGetValue(name, out var list))
            {
                map[name] = list = new List<double>();
            }

            return list;
        }
    }
}
