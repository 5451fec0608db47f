using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Benchmarks.Harness;
using AgentProc.Platform;
using AgentProc.Processes;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 1: start and reap <c>true</c> through the engine, against bare <see cref="Process.Start()"/> of
/// <c>/bin/sh -c true</c> with redirected output, and against a bare <c>posix_spawn</c> of the shell the
/// engine runs (the floor of its spawn path). Each round runs every variant once per iteration, in an
/// order that rotates; the ratio is taken per round and the median reported. Then bursts of 100, and
/// how long a waiter takes to see an exit.
/// </summary>
internal static class StartOverhead
{
    private const string Command = "true";
    private const int BurstSize = 100;

    public static void Run(BenchOptions options, Report report)
    {
        var count = options.Quick ? 100 : 200;
        var rounds = options.Quick ? 3 : 7;
        var path = ProcessPlatform.Current is UnixProcessPlatform unix ? unix.StartPath.ToString() : "?";
        Console.WriteLine($"[1] Start overhead ({path} path): {rounds} rounds x {count} `{Command}` processes per variant, interleaved process by process; then bursts of {BurstSize}; then exit-to-waiter latency");

        var environment = Bare.Environment();
        var manager = Bare.Manager();
        Results seq;
        try
        {
            var sequential = new (string Name, Action Once)[]
            {
                ("bare", () => Bare.RunToExit(Bare.ShellInfo(Command))),
                ("spawn", () => Bare.SpawnToExit(Command, environment)),
                ("engine", () => EngineOnce(manager)),
            };

            // Warm-up: JIT, the thread pool, the poller, the page cache for sh.
            Interleaved(sequential, 20, 1);
            seq = Interleaved(sequential, count, rounds);
        }
        finally
        {
            manager.CloseAsync().GetAwaiter().GetResult();
        }

        var burst = new (string Name, Func<int, double> Run)[]
        {
            ("bare", n => BareBurst(n)),
            ("spawn", n => SpawnBurst(n, environment)),
            ("engine", EngineBurst),
        };
        foreach (var (_, run) in burst)
        {
            run(20);
        }

        var bur = Batches(burst, BurstSize, rounds);

        var seqRatio = Stats.Median(seq.RatioTo("engine", "bare"));
        report.Add(new Row(
            "1",
            $"Start + reap `true`, per process ({count} one after another, median of {rounds} rounds)",
            Format.Ms(Stats.Median(seq.Times["engine"])),
            Format.Ms(Stats.Median(seq.Times["bare"])) + " (`Process.Start` of `/bin/sh -c true`, output redirected, `WaitForExit()`)",
            seqRatio,
            "≤ 1.10x",
            seqRatio <= 1.10));
        report.Add(new Row(
            "1",
            "Same, against the floor of the spawn path: bare `posix_spawn` of `/bin/sh -c 'exec 2>&1; true'` (session leader, default signals, one pipe), blocking `waitid`",
            Format.Ms(Stats.Median(seq.Times["engine"])),
            Format.Ms(Stats.Median(seq.Times["spawn"])),
            Stats.Median(seq.RatioTo("engine", "spawn"))));
        report.Add(new Row(
            "1",
            "Same, typical process (median of the per-process times, all rounds): engine / bare `Process.Start` / bare `posix_spawn`",
            Format.Ms(Stats.Median(seq.Samples["engine"])),
            Format.Ms(Stats.Median(seq.Samples["bare"])) + " / " + Format.Ms(Stats.Median(seq.Samples["spawn"])),
            Stats.Median(seq.Samples["engine"]) / Stats.Median(seq.Samples["bare"])));

        var burstRatio = Stats.Median(bur.RatioTo("engine", "bare"));
        report.Add(new Row(
            "1",
            $"Burst: start {BurstSize} at once, then reap all; per process (median of {rounds} rounds)",
            Format.Ms(Stats.Median(bur.Times["engine"])),
            Format.Ms(Stats.Median(bur.Times["bare"])) + " (bare `Process.Start`); " + Format.Ms(Stats.Median(bur.Times["spawn"])) + " (bare `posix_spawn`)",
            burstRatio,
            "≤ 1.10x",
            burstRatio <= 1.10));

        var latency = ExitLatency(options.Quick ? 30 : 100);
        var recordedP99 = Stats.Percentile(latency.RecordedToWaiter, 99);
        report.Add(new Row(
            "1",
            $"Exit recorded (pidfd readable, child reaped) until an awaiting `WaitForExitAsync` resumes: median / p99 / max of {latency.RecordedToWaiter.Count}",
            Spread(latency.RecordedToWaiter),
            "-",
            null,
            "≤ 1 ms (p99)",
            recordedP99 <= 1.0));
        report.Add(new Row(
            "1",
            "`kill -KILL` of a running child until that waiter resumes (the kernel's exit and notification included): median / p99 / max",
            Spread(latency.KillToWaiter),
            Spread(latency.Bare) + " (bare `Process`, `WaitForExitAsync`)",
            Stats.Median(latency.KillToWaiter) / Stats.Median(latency.Bare)));

        var breakdown = Breakdown(count);
        report.Note(
            $"Item 1 breakdown (per-process medians over {count} sequential starts): engine `Start()` call {Format.Ms(breakdown.EngineStart)}, " +
            $"then {Format.Ms(breakdown.EngineToExit)} until the exit is seen (pidfd), then {Format.Ms(breakdown.EngineToReported)} until the engine reports it; " +
            $"bare `Process.Start` {Format.Ms(breakdown.BareStart)}, then {Format.Ms(breakdown.BareToExit)} until `WaitForExit()` returns.");
        report.Note(
            $"Item 1 CPU used in this process per start + reap (getrusage, median of rounds): engine {Format.Ms(Stats.Median(seq.Cpu["engine"]))}, " +
            $"bare `Process.Start` {Format.Ms(Stats.Median(seq.Cpu["bare"]))}, bare `posix_spawn` {Format.Ms(Stats.Median(seq.Cpu["spawn"]))}.");
        report.Note(
            $"Item 1 per-round ratios, sequential engine/bare: {Format.List(seq.RatioTo("engine", "bare"))}; engine/spawn: {Format.List(seq.RatioTo("engine", "spawn"))}; " +
            $"spawn/bare: {Format.List(seq.RatioTo("spawn", "bare"))}; burst engine/bare: {Format.List(bur.RatioTo("engine", "bare"))}.");
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

    /// <summary>Whole batches per variant (a burst cannot be interleaved), the order rotating between rounds.</summary>
    private static Results Batches((string Name, Func<int, double> Run)[] variants, int count, int rounds)
    {
        var results = new Results();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < variants.Length; k++)
            {
                var (name, run) = variants[(k + round) % variants.Length];
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

    private static double BareBurst(int count)
    {
        var processes = new List<Process>(count);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                processes.Add(Process.Start(Bare.ShellInfo(Command))!);
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

    // Spawn all, then reap all: the floor's own burst, on one thread like the others.
    private static double SpawnBurst(int count, IReadOnlyDictionary<string, string> environment)
    {
        var stopwatch = Stopwatch.StartNew();
        var pids = new int[count];
        var pipes = new int[count];
        for (var i = 0; i < count; i++)
        {
            UnixPipeNative.TryCreateCloseOnExecPipe(out pipes[i], out var write);
            pids[i] = PosixSpawn.Start(new[] { Bare.Sh, "-c", PosixShellScript.For(Command) }, environment, Environment.CurrentDirectory, write, write);
            UnixPipeNative.Close(write);
        }

        var info = new int[PidfdNative.SigInfoInts];
        for (var i = 0; i < count; i++)
        {
            PidfdNative.WaitId(PidfdNative.P_PID, pids[i], info, PidfdNative.WEXITED);
            UnixPipeNative.Close(pipes[i]);
        }

        return stopwatch.Elapsed.TotalMilliseconds / count;
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

    /// <summary>
    /// Children that run <c>sleep</c>, killed with SIGKILL: from the moment the engine recorded the exit
    /// (and from the kill) until an awaiting <c>WaitForExitAsync</c> resumes; the baseline is a bare
    /// <see cref="Process"/> and its <c>WaitForExitAsync</c>.
    /// </summary>
    private static Latencies ExitLatency(int samples)
    {
        var recordedToWaiter = new List<double>();
        var killToWaiter = new List<double>();
        var bare = new List<double>();
        var manager = Bare.Manager();
        try
        {
            for (var i = 0; i < samples + 5; i++)
            {
                var process = manager.Start(new ProcessStartRequest("exec sleep 60"));
                while (ReadComm(process.ProcessId) != "sleep")
                {
                    System.Threading.Thread.Sleep(1);
                }

                var waited = Stamp(process.WaitForExitAsync(null, default));
                var killedAt = Stopwatch.GetTimestamp();
                UnixNative.Kill(process.ProcessId, (int)ProcessSignal.Kill);
                var resumedAt = waited.GetAwaiter().GetResult();
                var recordedAt = process.Child.ExitRecordedAt;

                var info = new ProcessStartInfo("/bin/sleep", "60") { UseShellExecute = false, RedirectStandardOutput = true };
                using var baseline = Process.Start(info)!;
                while (ReadComm(baseline.Id) != "sleep")
                {
                    System.Threading.Thread.Sleep(1);
                }

                var bareWaited = Stamp(baseline.WaitForExitAsync());
                var bareKilledAt = Stopwatch.GetTimestamp();
                UnixNative.Kill(baseline.Id, (int)ProcessSignal.Kill);
                var bareResumedAt = bareWaited.GetAwaiter().GetResult();

                // The first few warm up the paths.
                if (i >= 5)
                {
                    recordedToWaiter.Add(Stopwatch.GetElapsedTime(recordedAt, resumedAt).TotalMilliseconds);
                    killToWaiter.Add(Stopwatch.GetElapsedTime(killedAt, resumedAt).TotalMilliseconds);
                    bare.Add(Stopwatch.GetElapsedTime(bareKilledAt, bareResumedAt).TotalMilliseconds);
                }
            }
        }
        finally
        {
            manager.CloseAsync().GetAwaiter().GetResult();
        }

        return new Latencies(recordedToWaiter, killToWaiter, bare);
    }

    private static string Spread(List<double> values) =>
        Format.Ms(Stats.Median(values)) + " / " + Format.Ms(Stats.Percentile(values, 99)) + " / " + Format.Ms(values.Max());

    // The timestamp at which an awaiting continuation resumed.
    private static async Task<long> Stamp(Task task)
    {
        await task.ConfigureAwait(false);
        return Stopwatch.GetTimestamp();
    }

    private static string? ReadComm(int pid)
    {
        try
        {
            return System.IO.File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (System.IO.IOException)
        {
            return null;
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
        var manager = Bare.Manager();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var process = manager.Start(new ProcessStartRequest(Command));
                var t1 = Stopwatch.GetTimestamp();
                var exited = Stamp(process.Child.Exited);
                process.WaitForExitAsync(null, default).GetAwaiter().GetResult();
                var t2 = Stopwatch.GetTimestamp();
                var exitedAt = exited.GetAwaiter().GetResult();
                engineStart.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                engineToExit.Add(Stopwatch.GetElapsedTime(t1, exitedAt).TotalMilliseconds);
                engineToReported.Add(Stopwatch.GetElapsedTime(exitedAt, t2).TotalMilliseconds);

                var b0 = Stopwatch.GetTimestamp();
                using var bare = Process.Start(Bare.ShellInfo(Command))!;
                var b1 = Stopwatch.GetTimestamp();
                bare.WaitForExit();
                var b2 = Stopwatch.GetTimestamp();
                bareStart.Add(Stopwatch.GetElapsedTime(b0, b1).TotalMilliseconds);
                bareToExit.Add(Stopwatch.GetElapsedTime(b1, b2).TotalMilliseconds);
            }
        }
        finally
        {
            manager.CloseAsync().GetAwaiter().GetResult();
        }

        return new Breakdowns(
            Stats.Median(engineStart), Stats.Median(engineToExit), Stats.Median(engineToReported),
            Stats.Median(bareStart), Stats.Median(bareToExit));
    }

    private sealed record Breakdowns(double EngineStart, double EngineToExit, double EngineToReported, double BareStart, double BareToExit);

    private sealed record Latencies(List<double> RecordedToWaiter, List<double> KillToWaiter, List<double> Bare);

    private sealed class Results
    {
        /// <summary>Per round: milliseconds per process.</summary>
        public Dictionary<string, List<double>> Times { get; } = new();

        /// <summary>Every single process's time.</summary>
        public Dictionary<string, List<double>> Samples { get; } = new();

        /// <summary>Per round: CPU milliseconds used in this process per process started.</summary>
        public Dictionary<string, List<double>> Cpu { get; } = new();

        public void Add(string name, double msPerProcess) => Get(Times, name).Add(msPerProcess);

        public void Sample(string name, double ms) => Get(Samples, name).Add(ms);

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
