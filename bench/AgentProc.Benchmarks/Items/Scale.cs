using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Benchmarks.Harness;
using AgentProc.Platform;
using AgentProc.Processes;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 4: N live processes tracked at once (1,000 in the full mode): start them, list them, read
/// all their outputs, stop them all; time per operation and resident memory per process. Each
/// side runs in a fresh worker process (this program again, with <c>--scale-worker</c>) so that
/// resident memory is measured from a clean start and not from a heap the other side grew.
/// The baseline holds the same children as bare <see cref="Process"/> objects with redirected output.
/// </summary>
internal static class Scale
{
    /// <summary>Each child prints 48,894 bytes (more than the 32 KiB kept, so reads take the head+tail path), then sleeps.</summary>
    public const string Command = "seq 1 10000; exec sleep 600";
    public const long ExpectedBytes = 48_894;
    private const string ResultPrefix = "SCALE-RESULT ";

    public static void Run(BenchOptions options, Report report)
    {
        var count = options.Quick ? 200 : 1000;
        var limit = Memory.OpenFileLimit();
        var needed = (count * 2) + 256;
        if (limit is { } l && l < needed)
        {
            var fits = (int)((l - 256) / 2);
            report.Note($"Item 4: the open-file limit ({l}) fits {fits} processes, not {count} (2 pipe descriptors each); measured at {fits}. Raise it for the run with `ulimit -n {needed}` before the command.");
            count = fits;
        }

        Console.WriteLine($"[4] Scale: {count} live `{Command}` processes, each side in its own worker process (open-file limit {limit})");
        var baseline = RunWorker("baseline", count);
        var engine = RunWorker("engine", count);

        report.Add(new Row(
            "4",
            $"Start {count} processes, per start (the call; children keep running)",
            Format.Ms(engine.StartMsPerProcess),
            Format.Ms(baseline.StartMsPerProcess) + " (bare `Process.Start`, output redirected)",
            engine.StartMsPerProcess / baseline.StartMsPerProcess));
        report.Add(new Row(
            "4",
            $"List {count} tracked processes (`List()`), per call / per process",
            Format.Ms(engine.ListMsPerCall) + " / " + Format.Ms(engine.ListMsPerCall / count),
            "-",
            null));
        report.Add(new Row(
            "4",
            $"Read all {count} outputs (`ReadOutput()`, {Format.Bytes(ExpectedBytes)} written each, head+tail kept), per read",
            Format.Ms(engine.ReadMsPerProcess),
            "-",
            null));
        report.Add(new Row(
            "4",
            $"Stop all {count} (SIGTERM to each, then wait until every one is reported exited), per process",
            Format.Ms(engine.StopMsPerProcess),
            Format.Ms(baseline.StopMsPerProcess) + " (`kill(pid, SIGTERM)` + `WaitForExit()`)",
            engine.StopMsPerProcess / baseline.StopMsPerProcess));
        report.Add(new Row(
            "4",
            "Resident memory (VmRSS) per live process, in this process",
            Format.Bytes(engine.RssBytesPerProcess),
            Format.Bytes(baseline.RssBytesPerProcess) + " (bare `Process`)",
            engine.RssBytesPerProcess / baseline.RssBytesPerProcess));
        report.Note(
            $"Item 4 engine: managed heap {Format.Bytes(engine.ManagedBytesPerProcess)} per process after a full GC (bare `Process`: {Format.Bytes(baseline.ManagedBytesPerProcess)}); " +
            $"{Format.Num(engine.FdsPerProcess, "0.0")} file descriptors per process (bare: {Format.Num(baseline.FdsPerProcess, "0.0")}); " +
            $"all outputs complete {Format.Ms(engine.ReadyMs)} after the last start; signalling alone took {Format.Ms(engine.SignalMsPerProcess)} per process; " +
            $"`CloseAsync()` afterwards {Format.Ms(engine.CloseMs)}; OS processes per child group: {Format.Num(engine.OsProcessesPerChild, "0.0")}.");
    }

    private static ScaleResult RunWorker(string side, int count)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var info = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        info.ArgumentList.Add("--scale-worker");
        info.ArgumentList.Add(side);
        info.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var worker = Process.Start(info)!;
        ScaleResult? result = null;
        var reader = Task.Run(() =>
        {
            string? line;
            while ((line = worker.StandardOutput.ReadLine()) != null)
            {
                if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
                {
                    result = JsonSerializer.Deserialize<ScaleResult>(line.Substring(ResultPrefix.Length));
                }
                else
                {
                    Console.WriteLine("  " + side + ": " + line);
                }
            }
        });

        if (!worker.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            // SIGTERM first: the worker's exit handler closes its manager, which ends its children.
            UnixNative.Kill(worker.Id, (int)ProcessSignal.Terminate);
            if (!worker.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                worker.Kill();
            }

            throw new TimeoutException($"The {side} scale worker did not finish in 4 minutes.");
        }

        reader.Wait();
        if (worker.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"The {side} scale worker failed (exit code {worker.ExitCode}).");
        }

        return result;
    }

    /// <summary>The worker: one side of item 4, printing its result as one JSON line.</summary>
    public static int Worker(string side, int count)
    {
        var result = side switch
        {
            "engine" => EngineSide(count),
            "baseline" => BaselineSide(count),
            _ => throw new ArgumentException($"Unknown scale worker side '{side}'."),
        };
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    private static ScaleResult EngineSide(int count)
    {
        var result = new ScaleResult();
        var manager = Bare.Manager();

        // Warm-up outside the measurement: JIT of the start, list, read and stop paths.
        var warm = manager.Start(new ProcessStartRequest("seq 1 10000"));
        warm.WaitForExitAsync(null, default).GetAwaiter().GetResult();
        warm.ReadOutput();
        manager.List();
        manager.RemoveAsync(warm, force: false, default).GetAwaiter().GetResult();

        EventHandler onExit = (_, _) => manager.CloseAsync().Wait(TimeSpan.FromSeconds(15));
        AppDomain.CurrentDomain.ProcessExit += onExit;
        try
        {
            Memory.Settle();
            var rssBefore = Memory.ResidentBytes();
            var managedBefore = GC.GetTotalMemory(false);
            var fdsBefore = Memory.OpenFileCount();

            var processes = new List<AgentProcess>(count);
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                processes.Add(manager.Start(new ProcessStartRequest(Command)));
            }

            result.StartMsPerProcess = stopwatch.Elapsed.TotalMilliseconds / count;

            stopwatch.Restart();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (processes.Any(p => p.OutputBytes < ExpectedBytes))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{processes.Count(p => p.OutputBytes < ExpectedBytes)} processes had not written their output after 60 s.");
                }

                Thread.Sleep(10);
            }

            result.ReadyMs = stopwatch.Elapsed.TotalMilliseconds;
            result.OsProcessesPerChild = CountGroupMembers(processes.Select(p => p.ProcessId)) / (double)count;

            Memory.Settle();
            result.RssBytesPerProcess = (Memory.ResidentBytes() - rssBefore) / (double)count;
            result.ManagedBytesPerProcess = (GC.GetTotalMemory(false) - managedBefore) / (double)count;
            result.FdsPerProcess = (Memory.OpenFileCount() - fdsBefore) / (double)count;

            // List: a few calls to warm up, then the median of 21.
            for (var i = 0; i < 3; i++)
            {
                Check(manager.List().Count == count, "List() did not return every process.");
            }

            var listTimes = new List<double>();
            for (var i = 0; i < 21; i++)
            {
                stopwatch.Restart();
                var listed = manager.List();
                listTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
                Check(listed.Count == count, "List() did not return every process.");
            }

            result.ListMsPerCall = Stats.Median(listTimes);

            // Read every output: the median of 5 passes over all processes.
            var readTimes = new List<double>();
            for (var pass = 0; pass < 6; pass++)
            {
                stopwatch.Restart();
                foreach (var process in processes)
                {
                    var output = process.ReadOutput();
                    Check(output.OriginalBytes == ExpectedBytes, "An output was not complete.");
                }

                if (pass > 0)
                {
                    readTimes.Add(stopwatch.Elapsed.TotalMilliseconds / count);
                }
            }

            result.ReadMsPerProcess = Stats.Median(readTimes);

            // Stop: terminate each (as Stop-AgentProcess does), then wait for every exit to be reported.
            stopwatch.Restart();
            foreach (var process in processes)
            {
                manager.Signal(process, ProcessSignal.Terminate);
            }

            result.SignalMsPerProcess = stopwatch.Elapsed.TotalMilliseconds / count;
            Task.WhenAll(processes.Select(p => p.WaitForExitAsync(null, default))).GetAwaiter().GetResult();
            result.StopMsPerProcess = stopwatch.Elapsed.TotalMilliseconds / count;
            Check(processes.All(p => p.State == AgentProcessState.Exited), "Not every process exited.");
        }
        finally
        {
            var stopwatch = Stopwatch.StartNew();
            manager.CloseAsync().GetAwaiter().GetResult();
            result.CloseMs = stopwatch.Elapsed.TotalMilliseconds;
            AppDomain.CurrentDomain.ProcessExit -= onExit;
        }

        return result;
    }

    private static ScaleResult BaselineSide(int count)
    {
        var result = new ScaleResult();
        Bare.RunToExit(Bare.ShellInfo("seq 1 10000"));
        var processes = new List<Process>(count);
        EventHandler onExit = (_, _) => KillAll(processes);
        AppDomain.CurrentDomain.ProcessExit += onExit;
        try
        {
            Memory.Settle();
            var rssBefore = Memory.ResidentBytes();
            var managedBefore = GC.GetTotalMemory(false);
            var fdsBefore = Memory.OpenFileCount();

            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                processes.Add(Process.Start(Bare.ShellInfo(Command))!);
            }

            result.StartMsPerProcess = stopwatch.Elapsed.TotalMilliseconds / count;

            Memory.Settle();
            result.RssBytesPerProcess = (Memory.ResidentBytes() - rssBefore) / (double)count;
            result.ManagedBytesPerProcess = (GC.GetTotalMemory(false) - managedBefore) / (double)count;
            result.FdsPerProcess = (Memory.OpenFileCount() - fdsBefore) / (double)count;

            stopwatch.Restart();
            foreach (var process in processes)
            {
                UnixNative.Kill(process.Id, (int)ProcessSignal.Terminate);
            }

            result.SignalMsPerProcess = stopwatch.Elapsed.TotalMilliseconds / count;
            foreach (var process in processes)
            {
                process.WaitForExit();
            }

            result.StopMsPerProcess = stopwatch.Elapsed.TotalMilliseconds / count;
        }
        finally
        {
            KillAll(processes);
            AppDomain.CurrentDomain.ProcessExit -= onExit;
        }

        return result;
    }

    private static void KillAll(List<Process> processes)
    {
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }
    }

    /// <summary>Live OS processes whose group is one of <paramref name="groups"/> (from /proc).</summary>
    private static int CountGroupMembers(IEnumerable<int> groups)
    {
        var set = new HashSet<int>(groups);
        var members = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !char.IsDigit(name[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(directory + "/stat");
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                if (fields[0] != "Z" && set.Contains(int.Parse(fields[2])))
                {
                    members++;
                }
            }
            catch (IOException)
            {
            }
        }

        return members;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    internal sealed class ScaleResult
    {
        public double StartMsPerProcess { get; set; }
        public double ReadyMs { get; set; }
        public double ListMsPerCall { get; set; }
        public double ReadMsPerProcess { get; set; }
        public double SignalMsPerProcess { get; set; }
        public double StopMsPerProcess { get; set; }
        public double CloseMs { get; set; }
        public double RssBytesPerProcess { get; set; }
        public double ManagedBytesPerProcess { get; set; }
        public double FdsPerProcess { get; set; }
        public double OsProcessesPerChild { get; set; }
    }
}
