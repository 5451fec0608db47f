using System;
using System.Linq;
using System.Runtime.InteropServices;
using AgentProc.Benchmarks.Harness;
using AgentProc.Output;
using BenchmarkDotNet.Reports;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 2: bytes per second through the head+tail buffer with 64 KiB writes against a plain
/// <see cref="Buffer.BlockCopy"/> of the same bytes (BenchmarkDotNet, in process), and the
/// allocation per write after warm-up (BenchmarkDotNet's memory diagnoser, and a direct count of
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> over many writes).
/// </summary>
internal static class BufferThroughput
{
    public static void Run(BenchOptions options, Report report)
    {
        HeadTailBufferBenchmarks.Sizes = options.Quick ? new[] { 64 * 1024 } : new[] { 64 * 1024, 32 * 1024, 4 * 1024 };
        Console.WriteLine($"[2] Head+tail buffer throughput (BenchmarkDotNet, in process), writes of {string.Join(", ", HeadTailBufferBenchmarks.Sizes.Select(s => Format.Bytes(s)))}");

        var summary = InProcessRun.Run<HeadTailBufferBenchmarks>(options, "head-tail-buffer");

        foreach (var size in HeadTailBufferBenchmarks.Sizes)
        {
            var copy = Find(summary, nameof(HeadTailBufferBenchmarks.BlockCopy), size);
            var write = Find(summary, nameof(HeadTailBufferBenchmarks.HeadTailWrite), size);
            var copyNs = copy.ResultStatistics!.Median;
            var writeNs = write.ResultStatistics!.Median;
            var copyRate = size / (copyNs / 1e9);
            var writeRate = size / (writeNs / 1e9);
            var ratio = writeRate / copyRate;
            var goal = size == 64 * 1024;
            var perOp = write.GcStats.GetBytesAllocatedPerOperation(write.BenchmarkCase) ?? -1;
            report.Add(new Row(
                "2",
                $"Head+tail buffer, {Format.Bytes(size)} writes, throughput (BenchmarkDotNet median; {Format.Num(writeNs, "0")} ns vs {Format.Num(copyNs, "0")} ns per write)",
                Format.Rate(writeRate),
                Format.Rate(copyRate) + " (`Buffer.BlockCopy` of the same bytes)",
                ratio,
                goal ? "≥ 0.5x" : string.Empty,
                goal ? ratio >= 0.5 : null));
            report.Add(new Row(
                "2",
                $"Head+tail buffer, {Format.Bytes(size)} writes, allocation per write (BenchmarkDotNet memory diagnoser)",
                perOp < 0 ? "n/a" : Format.Bytes(perOp),
                Format.Bytes(copy.GcStats.GetBytesAllocatedPerOperation(copy.BenchmarkCase) ?? 0),
                null,
                goal ? "0 B" : string.Empty,
                goal ? perOp == 0 : null));
        }

        foreach (var (size, placement) in HeadTailBufferBenchmarks.Placements)
        {
            if (placement.Copy != HeadTailBufferBenchmarks.NeutralDistance || placement.Write != HeadTailBufferBenchmarks.NeutralDistance)
            {
                report.Note($"Item 2 ({Format.Bytes(size)}): the copies ran at (destination - source) mod 4 KiB = {placement.Copy} (baseline) and {placement.Write} (buffer), not {HeadTailBufferBenchmarks.NeutralDistance}: an array moved or the buffer's layout changed; read those numbers with care.");
            }
        }

        // A direct count, independent of BenchmarkDotNet: many writes after warm-up, allocation measured on this thread.
        var writes = options.Quick ? 20_000 : 200_000;
        var bytes = HeadTailBufferBenchmarks.Text(64 * 1024);
        var buffer = new HeadTailBuffer();
        AllocatedOver(buffer, bytes, 1_000);
        var allocated = AllocatedOver(buffer, bytes, writes);
        report.Add(new Row(
            "2",
            $"Head+tail buffer, allocation per 64 KiB write after 1,000 warm-up writes (`GC.GetAllocatedBytesForCurrentThread` over {writes:N0} writes: {allocated} B in all)",
            Format.Bytes((double)allocated / writes),
            "0 B",
            null,
            "0 B",
            allocated == 0));

        AliasingNote(report);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining | System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long AllocatedOver(HeadTailBuffer buffer, byte[] bytes, int writes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < writes; i++)
        {
            buffer.Write(bytes, 0, bytes.Length);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>How much the placement of a copy matters on this CPU: the same 16 KiB copy at 2 KiB and at 24 B past a 4 KiB multiple.</summary>
    private static void AliasingNote(Report report)
    {
        const int size = 16 * 1024;
        var arena = GC.AllocateArray<byte>(1 << 20, pinned: true);
        var start = (int)((4096 - (Marshal.UnsafeAddrOfPinnedArrayElement(arena, 0).ToInt64() % 4096)) % 4096);
        double Time(int distance)
        {
            var target = start + (256 * 1024) + distance;
            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                var stopwatch = System.Diagnostics.Stopwatch.StartNew();
                for (var i = 0; i < 2_000; i++)
                {
                    Buffer.BlockCopy(arena, start, arena, target, size);
                }

                best = Math.Min(best, stopwatch.Elapsed.TotalMilliseconds * 1e6 / 2_000);
            }

            return best;
        }

        Time(2048);
        var neutral = Time(2048);
        var aliased = Time(24);
        report.Note(
            $"Item 2 placement: on this CPU a 16 KiB `Buffer.BlockCopy` takes {Format.Num(neutral, "0")} ns ({Format.Rate(size / (neutral / 1e9))}) when the target is 2 KiB past a 4 KiB multiple from the source, " +
            $"and {Format.Num(aliased, "0")} ns ({Format.Rate(size / (aliased / 1e9))}) at 24 B past (4K aliasing), the distance between two arrays allocated one after the other. " +
            "Both copies of item 2 are placed at 2 KiB.");
    }

    private static BenchmarkReport Find(Summary summary, string method, int size) =>
        summary.Reports.Single(r =>
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (int)r.BenchmarkCase.Parameters[nameof(HeadTailBufferBenchmarks.WriteBytes)] == size);
}
