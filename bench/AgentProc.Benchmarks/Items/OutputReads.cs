using System;
using System.Linq;
using AgentProc.Benchmarks.Harness;
using BenchmarkDotNet.Reports;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 6: a read of the output that is new since a cursor against the snapshot read (head and tail),
/// for a process that has written 1 MiB, with one line (80 B) and 4 KiB new (BenchmarkDotNet, in
/// process), and the allocation of each read.
/// </summary>
internal static class OutputReads
{
    public static void Run(BenchOptions options, Report report)
    {
        OutputReadBenchmarks.Sizes = options.Quick ? new[] { 80 } : new[] { 80, 4096 };
        Console.WriteLine($"[6] Reading new output by cursor vs the snapshot (BenchmarkDotNet, in process), new output of {string.Join(", ", OutputReadBenchmarks.Sizes.Select(s => Format.Bytes(s)))}");
        var summary = InProcessRun.Run<OutputReadBenchmarks>(options, "output-reads");

        foreach (var size in OutputReadBenchmarks.Sizes)
        {
            var snapshot = Find(summary, nameof(OutputReadBenchmarks.Snapshot), size);
            var cursor = Find(summary, nameof(OutputReadBenchmarks.CursorRead), size);
            var lines = Find(summary, nameof(OutputReadBenchmarks.LineRead), size);
            var snapshotNs = snapshot.ResultStatistics!.Median;
            report.Add(new Row(
                "6",
                $"Read what is new ({Format.Bytes(size)}) of a process that wrote 1 MiB: by cursor (`-Since`) vs a snapshot (BenchmarkDotNet median)",
                Micro(cursor.ResultStatistics!.Median) + ", " + Allocated(cursor),
                Micro(snapshotNs) + ", " + Allocated(snapshot) + " (snapshot: head + tail, 32 KiB decoded)",
                cursor.ResultStatistics.Median / snapshotNs,
                "report"));
            report.Add(new Row(
                "6",
                $"The same {Format.Bytes(size)} as lines (`-Follow`, Receive-Job: a new line reader each time) vs a snapshot",
                Micro(lines.ResultStatistics!.Median) + ", " + Allocated(lines),
                Micro(snapshotNs),
                lines.ResultStatistics.Median / snapshotNs,
                "report"));
        }
    }

    private static string Micro(double nanoseconds) => Format.Ms(nanoseconds / 1e6);

    private static string Allocated(BenchmarkReport report) =>
        Format.Bytes(report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0) + " allocated";

    private static BenchmarkReport Find(Summary summary, string method, int size) =>
        summary.Reports.Single(r =>
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (int)r.BenchmarkCase.Parameters[nameof(OutputReadBenchmarks.NewBytes)] == size);
}
