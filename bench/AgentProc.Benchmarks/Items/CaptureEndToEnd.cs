using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Pipes;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Benchmarks.Harness;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 3: a child writes N bytes to stdout (<c>head -c N /dev/zero</c>), captured by the engine,
/// against the same child piping into <c>cat &gt; /dev/null</c> (a native reader of the same pipe).
/// Rounds alternate the order; the median ratio is reported. Peak managed memory is sampled every
/// millisecond during each engine capture. Diagnostics then take the engine's read sizes and the
/// cost of reading the same pipe from bare .NET, to tell the engine's cost from the runtime's.
/// </summary>
internal static class CaptureEndToEnd
{
    public static void Run(BenchOptions options, Report report)
    {
        var size = options.Quick ? 128L << 20 : 1L << 30;
        var rounds = options.Quick ? 3 : 7;
        var sizeText = size >= 1L << 30 ? (size >> 30) + "G" : (size >> 20) + "M";
        var produce = $"head -c {sizeText} /dev/zero";
        Console.WriteLine($"[3] Capture end-to-end: `{produce}`, {rounds} rounds, engine vs `{produce} | cat > /dev/null`");

        // Warm-up at a small size.
        Baseline($"head -c 8M /dev/zero");
        Engine("head -c 8M /dev/zero", 8 << 20);

        var baseline = new List<double>();
        var baselineCpu = new List<double>();
        var engine = new List<EngineRun>();
        void RunBaseline()
        {
            var (ms, cpu) = BaselineRun(produce);
            baseline.Add(ms);
            baselineCpu.Add(cpu);
        }

        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                RunBaseline();
                engine.Add(Engine(produce, size));
            }
            else
            {
                engine.Add(Engine(produce, size));
                RunBaseline();
            }

            Console.WriteLine($"  round {round + 1}: engine {Format.Ms(engine[^1].Milliseconds)}, baseline {Format.Ms(baseline[^1])}");
        }

        var ratios = engine.Zip(baseline, (e, b) => e.Milliseconds / b).ToArray();
        var ratio = Stats.Median(ratios);
        var engineMs = Stats.Median(engine.Select(e => e.Milliseconds));
        var baselineMs = Stats.Median(baseline);
        report.Add(new Row(
            "3",
            $"Capture `{produce}` (median of {rounds} rounds; {Format.Rate(size / (engineMs / 1000))} vs {Format.Rate(size / (baselineMs / 1000))})",
            Format.Ms(engineMs),
            Format.Ms(baselineMs) + $" (`{produce} | cat > /dev/null`)",
            ratio,
            "≤ 1.3x",
            ratio <= 1.3));

        var engineCpu = Stats.Median(engine.Select(e => e.CpuMilliseconds + e.ChildrenCpuMilliseconds));
        var catCpu = Stats.Median(baselineCpu);
        report.Add(new Row(
            "3",
            $"Same capture, CPU of every process involved (getrusage: this process + reaped children; median of {rounds}); wall time on this 2-core VM swings up to 3x with core placement, CPU much less",
            Format.Ms(engineCpu) + $" (this process {Format.Ms(Stats.Median(engine.Select(e => e.CpuMilliseconds)))}, `head` {Format.Ms(Stats.Median(engine.Select(e => e.ChildrenCpuMilliseconds)))})",
            Format.Ms(catCpu) + " (`head` + `cat` + sh)",
            engineCpu / catCpu));

        var peak = engine.Max(e => e.PeakManaged);
        report.Add(new Row(
            "3",
            $"Peak managed memory during a capture (GC.GetTotalMemory sampled every ms; heap before the start: {Format.Bytes(engine.Max(e => e.ManagedBefore))})",
            Format.Bytes(peak),
            "-",
            null,
            "< 64 MiB",
            peak < 64L << 20));

        var perGiB = (double)(1L << 30) / size;
        var mid = engine.OrderBy(e => e.Milliseconds).ElementAt(engine.Count / 2);
        report.Note(
            $"Item 3 per-round times, engine: {string.Join(", ", engine.Select(e => Format.Num(e.Milliseconds, "0")))} ms; baseline: {string.Join(", ", baseline.Select(b => Format.Num(b, "0")))} ms. " +
            $"Per-round ratios: {Format.List(ratios)}. Engine capture, per GiB: {Format.Bytes(mid.Allocated * perGiB)} allocated, " +
            $"{Format.Num(mid.Gen0 * perGiB, "0")} gen0 GCs, {Format.Ms(mid.CpuMilliseconds * perGiB)} of CPU in this process " +
            $"(wall {Format.Ms(mid.Milliseconds * perGiB)}).");

        Diagnose(size, produce, options, report);
    }

    private static double Baseline(string produce) => BaselineRun(produce).Milliseconds;

    /// <summary>The baseline pipeline; CPU is that of its processes (sh, the producer, cat), all reaped children.</summary>
    private static (double Milliseconds, double CpuMilliseconds) BaselineRun(string produce)
    {
        var children = Cpu.ChildrenMilliseconds();
        var stopwatch = Stopwatch.StartNew();
        Bare.RunToExit(Bare.ShellInfo(produce + " | cat > /dev/null"));
        return (stopwatch.Elapsed.TotalMilliseconds, Cpu.ChildrenMilliseconds() - children);
    }

    private static EngineRun Engine(string produce, long size)
    {
        var manager = Bare.Manager();
        try
        {
            Memory.Settle();
            var managedBefore = GC.GetTotalMemory(false);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var gen0Before = GC.CollectionCount(0);
            var cpuBefore = Cpu.Milliseconds();
            var childrenBefore = Cpu.ChildrenMilliseconds();
            using var sampler = new PeakManagedSampler();
            var stopwatch = Stopwatch.StartNew();
            var process = manager.Start(new ProcessStartRequest(produce));
            process.WaitForExitAsync(null, default).GetAwaiter().GetResult();
            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            var cpu = Cpu.Milliseconds() - cpuBefore;
            var childrenCpu = Cpu.ChildrenMilliseconds() - childrenBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var gen0 = GC.CollectionCount(0) - gen0Before;
            sampler.Dispose();
            if (process.ExitCode != 0 || process.OutputBytes != size)
            {
                throw new InvalidOperationException($"The engine captured {process.OutputBytes} of {size} bytes; exit code {process.ExitCode}.");
            }

            return new EngineRun(elapsed, sampler.PeakBytes, managedBefore, allocated, gen0, cpu, childrenCpu);
        }
        finally
        {
            manager.CloseAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Where the time goes. Wall time on this machine swings 3x with CPU placement (writer and reader on one
    /// core or two), so each reader is also measured by the CPU it uses in this process (getrusage). Readers:
    /// the engine's own reader (with a counting sink in front of the same buffer, for its read sizes); bare .NET
    /// doing what the engine's old pump did (ReadAsync, 32 KiB, no buffer); and three alternatives that keep the
    /// head+tail buffer: blocking reads on a dedicated thread, the poll(2) prototype the engine's reader grew
    /// from, and ReadAsync with a larger pipe and buffer.
    /// </summary>
    private static void Diagnose(long size, string produce, BenchOptions options, Report report)
    {
        Console.WriteLine("  diagnostics: CPU per GiB and read sizes of the engine's reader and of alternatives (interleaved with the baseline)");
        var readers = new (string Name, Func<Reading> Run)[]
        {
            ("engine reader (UnixPipeReader: poll(2) + read(2) 64 KiB, on the shared poller thread, then on its own once past 256 KiB/s, into the head+tail buffer)", () => EngineReads(produce)),
            ("bare .NET ReadAsync 32 KiB, bytes dropped (what the engine did before)", () => BareRead(produce, 32 << 10, async: true, pipeBytes: 0, keep: false)),
            ("blocking Read 64 KiB on a dedicated thread into a head+tail buffer", () => BareRead(produce, 64 << 10, async: false, pipeBytes: 0, keep: true)),
            ("poll(2) + read(2) 64 KiB on a dedicated thread into a head+tail buffer (the prototype)", () => PollRead(produce, 64 << 10)),
            ("ReadAsync 256 KiB, pipe enlarged to 1 MiB (F_SETPIPE_SZ), into a head+tail buffer", () => BareRead(produce, 256 << 10, async: true, pipeBytes: 1 << 20, keep: true)),
        };

        var rounds = options.Quick ? 1 : 2;
        var results = readers.ToDictionary(r => r.Name, _ => new List<Reading>());
        var cat = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in readers)
            {
                cat.Add(Baseline(produce));
                results[name].Add(run());
            }
        }

        var perGiB = (double)(1L << 30) / size;
        var parts = new List<string>();
        foreach (var (name, _) in readers)
        {
            var runs = results[name];
            var reads = runs.Sum(r => r.Reads) / (double)runs.Count;
            parts.Add(
                $"{name}: {Format.Ms(Stats.Median(runs.Select(r => r.CpuMilliseconds)) * perGiB)} CPU and {Format.Ms(Stats.Median(runs.Select(r => r.Milliseconds)) * perGiB)} wall per GiB, " +
                $"{Format.Num(reads / (size / (double)(1 << 20)), "0")} reads per MiB (average {Format.Bytes(size / reads)})");
        }

        report.Note(
            $"Item 3 readers, medians of {rounds} run(s) each at {Format.Bytes(size)}, each run next to a `| cat > /dev/null` baseline (median {Format.Ms(Stats.Median(cat) * perGiB)} per GiB in these passes): " +
            string.Join("; ", parts) + ".");
    }

    private static Reading EngineReads(string produce)
    {
        var sink = new CountingSink(new HeadTailBuffer());
        var info = new ChildStartInfo(produce, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!));
        var cpu = Cpu.Milliseconds();
        var stopwatch = Stopwatch.StartNew();
        var child = ChildProcess.Start(info, ProcessPlatform.Current, new OutputSinks(sink), TimeProvider.System, NullLogger.Instance);
        try
        {
            child.Completion.GetAwaiter().GetResult();
            return new Reading(stopwatch.Elapsed.TotalMilliseconds, Cpu.Milliseconds() - cpu, sink.Reads, sink.Bytes);
        }
        finally
        {
            child.Signal(ProcessSignal.Kill);
            child.Dispose();
        }
    }

    private static Reading BareRead(string produce, int bufferSize, bool async, int pipeBytes, bool keep)
    {
        var cpu = Cpu.Milliseconds();
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(Bare.ShellInfo(produce))!;
        var stream = (PipeStream)process.StandardOutput.BaseStream;
        if (pipeBytes > 0 && SetPipeSize(stream.SafePipeHandle.DangerousGetHandle().ToInt32(), pipeBytes) < 0)
        {
            throw new InvalidOperationException("F_SETPIPE_SZ failed: errno " + Marshal.GetLastWin32Error());
        }

        var sink = keep ? new HeadTailBuffer() : null;
        var buffer = new byte[bufferSize];
        var (reads, bytes) = async
            ? Task.Run(() => ReadAllAsync(stream, buffer, sink)).GetAwaiter().GetResult()
            : RunOnThread(() => ReadAll(stream, buffer, sink));
        process.WaitForExit();
        return new Reading(stopwatch.Elapsed.TotalMilliseconds, Cpu.Milliseconds() - cpu, reads, bytes);
    }

    private static async Task<(long Reads, long Bytes)> ReadAllAsync(Stream stream, byte[] buffer, HeadTailBuffer? sink)
    {
        long reads = 0;
        long bytes = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
        {
            sink?.Write(buffer, 0, read);
            reads++;
            bytes += read;
        }

        return (reads, bytes);
    }

    private static (long Reads, long Bytes) ReadAll(Stream stream, byte[] buffer, HeadTailBuffer? sink)
    {
        long reads = 0;
        long bytes = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sink?.Write(buffer, 0, read);
            reads++;
            bytes += read;
        }

        return (reads, bytes);
    }

    /// <summary>
    /// The prototype of the engine's reader (now Platform/UnixPipeReader.cs): a dedicated thread that waits
    /// in poll(2) on the pipe and on a wake-up descriptor (here never signalled; the engine signals its own
    /// to abandon the pipe after the drain delay), then read(2)s up to 64 KiB into the head+tail buffer.
    /// </summary>
    private static Reading PollRead(string produce, int bufferSize)
    {
        var cpu = Cpu.Milliseconds();
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(Bare.ShellInfo(produce))!;
        var stream = (PipeStream)process.StandardOutput.BaseStream;
        var fd = stream.SafePipeHandle.DangerousGetHandle().ToInt32();
        var wake = EventFd(0, 0x80000 /* EFD_CLOEXEC */);
        try
        {
            var sink = new HeadTailBuffer();
            var (reads, bytes) = RunOnThread(() =>
            {
                var buffer = new byte[bufferSize];
                var fds = new PollFd[] { new() { Fd = fd, Events = PollIn }, new() { Fd = wake, Events = PollIn } };
                long reads = 0;
                long bytes = 0;
                while (true)
                {
                    fds[0].Revents = 0;
                    fds[1].Revents = 0;
                    if (Poll(fds, 2, -1) < 0)
                    {
                        if (Marshal.GetLastWin32Error() == 4 /* EINTR */)
                        {
                            continue;
                        }

                        throw new IOException("poll failed: errno " + Marshal.GetLastWin32Error());
                    }

                    if (fds[1].Revents != 0)
                    {
                        break;
                    }

                    var read = (int)ReadFd(fd, buffer, bufferSize);
                    if (read <= 0)
                    {
                        break;
                    }

                    sink.Write(buffer, 0, read);
                    reads++;
                    bytes += read;
                }

                return (reads, bytes);
            });
            process.WaitForExit();
            return new Reading(stopwatch.Elapsed.TotalMilliseconds, Cpu.Milliseconds() - cpu, reads, bytes);
        }
        finally
        {
            CloseFd(wake);
        }
    }

    private const short PollIn = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll([In, Out] PollFd[] fds, ulong count, int timeout);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadFd(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static extern int EventFd(uint initial, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseFd(int fd);

    private static T RunOnThread<T>(Func<T> work)
    {
        T result = default!;
        var thread = new Thread(() => result = work(), 256 * 1024) { IsBackground = true, Name = "blocking-reader" };
        thread.Start();
        thread.Join();
        return result;
    }

    private const int FSetPipeSize = 1031;

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int SetPipeSize(int fd, int command, int size);

    private static int SetPipeSize(int fd, int size) => SetPipeSize(fd, FSetPipeSize, size);

    private sealed record Reading(double Milliseconds, double CpuMilliseconds, long Reads, long Bytes);

    private sealed record EngineRun(double Milliseconds, long PeakManaged, long ManagedBefore, long Allocated, int Gen0, double CpuMilliseconds, double ChildrenCpuMilliseconds);

    private sealed class CountingSink : IOutputSink
    {
        private readonly IOutputSink inner;
        private long reads;
        private long bytes;
        private long fullReads;

        public CountingSink(IOutputSink inner) => this.inner = inner;

        public long Reads => Interlocked.Read(ref reads);

        public long Bytes => Interlocked.Read(ref bytes);

        public long FullReads => Interlocked.Read(ref fullReads);

        public void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Increment(ref reads);
            Interlocked.Add(ref bytes, count);
            if (count == 32 * 1024)
            {
                Interlocked.Increment(ref fullReads);
            }

            inner.Write(buffer, offset, count);
        }
    }
}
