using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using AgentProc.Output;
using BenchmarkDotNet.Attributes;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 2, run by BenchmarkDotNet: one operation is one write of <see cref="WriteBytes"/> bytes into a
/// head+tail buffer of the default size (16 KiB + 16 KiB) whose head is already full, the steady
/// state of a long-running process; the baseline copies the same bytes with <see cref="Buffer.BlockCopy"/>.
/// </summary>
/// <remarks>
/// Memory placement is controlled: on some CPUs (this machine's AMD EPYC among them) a copy whose
/// destination lies 1-63 bytes past a 4 KiB multiple from its source runs 10-100x slower ("4K
/// aliasing" of <c>rep movsb</c>), and two arrays allocated one after the other sit exactly 24 bytes
/// apart modulo 4 KiB (the array header), so an unplaced baseline can be measured at a tenth of its
/// speed. Both copies here run between addresses 2 KiB apart modulo 4 KiB: the source lives in a
/// pinned arena, placed against the buffer's tail array; no forced GC runs between iterations, and
/// the placement is checked again after the run.
/// </remarks>
public class HeadTailBufferBenchmarks
{
    public const int WritesPerInvoke = 64;
    public const int NeutralDistance = 2048;

    private byte[] arena = Array.Empty<byte>();
    private int copySource;
    private int copyTarget;
    private int writeSource;
    private HeadTailBuffer buffer = null!;

    /// <summary>The write sizes to measure; set by the runner before BenchmarkDotNet reads it.</summary>
    public static int[] Sizes { get; set; } = { 64 * 1024 };

    public static IEnumerable<int> WriteSizes => Sizes;

    /// <summary>(destination - source) mod 4096 of each measured copy, after the run, by size: the placement actually measured.</summary>
    public static Dictionary<int, (long Copy, long Write)> Placements { get; } = new();

    private static readonly byte[] Prefill = Text(HeadTailBuffer.DefaultHeadBytes + HeadTailBuffer.DefaultTailBytes);

    [ParamsSource(nameof(WriteSizes))]
    public int WriteBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The buffer allocates its arrays on first use: fill head and tail at once (a full tail leaves
        // its ring at 0, as an empty one was), so the arrays sit where the constructor used to put
        // them, before the arena, and the run measures the steady state.
        buffer = new HeadTailBuffer();
        buffer.Write(Prefill, 0, Prefill.Length);
        arena = GC.AllocateArray<byte>((4 * WriteBytes) + (4 * 4096), pinned: true);
        var text = Text(WriteBytes);
        for (var i = 0; i < arena.Length; i++)
        {
            arena[i] = text[i % text.Length];
        }

        // Promote the buffer's arrays to the oldest generation now, so that they stay put during the run.
        GC.Collect();
        GC.Collect();

        // The baseline: a page-aligned source, the target 2 KiB past a 4 KiB multiple from it.
        copySource = PageAligned(0);
        copyTarget = copySource + WriteBytes + 4096 + NeutralDistance;

        // The buffer copies the last TailCapacity bytes of each write to the start of its tail array.
        var tail = TailAddress(buffer);
        writeSource = 0;
        if (tail != 0)
        {
            for (var offset = 0; offset < 4096; offset++)
            {
                var copyFrom = Address(offset) + WriteBytes - buffer.TailCapacity;
                if (Mod4K(tail - copyFrom) == NeutralDistance)
                {
                    writeSource = offset;
                    break;
                }
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var tail = TailAddress(buffer);
        var write = tail == 0 ? -1 : Mod4K(tail - (Address(writeSource) + WriteBytes - buffer.TailCapacity));
        Placements[WriteBytes] = (Mod4K(Address(copyTarget) - Address(copySource)), write);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = WritesPerInvoke)]
    public void BlockCopy()
    {
        for (var i = 0; i < WritesPerInvoke; i++)
        {
            Buffer.BlockCopy(arena, copySource, arena, copyTarget, WriteBytes);
        }
    }

    [Benchmark(OperationsPerInvoke = WritesPerInvoke)]
    public void HeadTailWrite()
    {
        for (var i = 0; i < WritesPerInvoke; i++)
        {
            buffer.Write(arena, writeSource, WriteBytes);
        }
    }

    /// <summary>Lines of printable ASCII, as a build log would be.</summary>
    internal static byte[] Text(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = i % 80 == 79 ? (byte)'\n' : (byte)('a' + (i % 26));
        }

        return bytes;
    }

    private static long Mod4K(long distance) => ((distance % 4096) + 4096) % 4096;

    /// <summary>The address of the buffer's tail array (a private field, read for placement only); 0 if it cannot be found.</summary>
    private static long TailAddress(HeadTailBuffer buffer)
    {
        if (typeof(HeadTailBuffer).GetField("_tail", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(buffer) is not byte[] tail || tail.Length == 0)
        {
            return 0;
        }

        var handle = GCHandle.Alloc(tail, GCHandleType.Pinned);
        try
        {
            return handle.AddrOfPinnedObject().ToInt64();
        }
        finally
        {
            handle.Free();
        }
    }

    private long Address(int offset) => Marshal.UnsafeAddrOfPinnedArrayElement(arena, offset).ToInt64();

    private int PageAligned(int from)
    {
        var address = Address(from);
        return from + (int)((4096 - (address % 4096)) % 4096);
    }
}
