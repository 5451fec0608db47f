using System.Collections.Generic;
using AgentProc.Output;
using BenchmarkDotNet.Attributes;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 6, run by BenchmarkDotNet: what a caller that polls a busy process pays per read. The process has
/// written 1 MiB of build-log lines; <see cref="NewBytes"/> of them are new since the caller's last read.
/// The baseline takes a snapshot (head and tail, 32 KiB decoded and cut into lines), which is all a
/// reader could do before cursors; the cursor read decodes only the new bytes, and the line reader
/// (what -Follow and jobs use) splits them into lines.
/// </summary>
public class OutputReadBenchmarks
{
    private const int Written = 1024 * 1024;

    private HeadTailBuffer buffer = null!;
    private OutputWindow window = null!;
    private long cursor;

    /// <summary>The amounts of new output to measure; set by the runner before BenchmarkDotNet reads it.</summary>
    public static int[] Sizes { get; set; } = { 80 };

    public static IEnumerable<int> NewSizes => Sizes;

    [ParamsSource(nameof(NewSizes))]
    public int NewBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = HeadTailBufferBenchmarks.Text(Written);
        buffer = new HeadTailBuffer();
        window = new OutputWindow();
        buffer.Write(text, 0, text.Length);
        window.Write(text, 0, text.Length);
        cursor = Written - NewBytes;
    }

    [Benchmark(Baseline = true)]
    public int Snapshot() => buffer.Snapshot().Text.Length;

    [Benchmark]
    public long CursorRead() => window.ReadText(cursor).NextCursor;

    [Benchmark]
    public int LineRead() => new OutputLineReader(window, cursor).Read().Count;
}
