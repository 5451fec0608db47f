using System;
using System.IO;
using System.Threading;

namespace AgentProc.Benchmarks.Harness;

internal static class Memory
{
    /// <summary>This process's resident set (VmRSS of /proc/self/status), in bytes.</summary>
    public static long ResidentBytes() => ReadStatusKiB("VmRSS:") * 1024;

    /// <summary>The highest resident set this process has had (VmHWM), in bytes.</summary>
    public static long PeakResidentBytes() => ReadStatusKiB("VmHWM:") * 1024;

    /// <summary>Full blocking collections, so a managed-heap or RSS reading holds live data only.</summary>
    public static void Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>The soft limit on open files (RLIMIT_NOFILE), from /proc/self/limits; null when unknown.</summary>
    public static long? OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line.Substring("Max open files".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields[0] == "unlimited" ? long.MaxValue : long.Parse(fields[0]);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>Open file descriptors of this process right now.</summary>
    public static int OpenFileCount() => Directory.GetFiles("/proc/self/fd").Length;

    private static long ReadStatusKiB(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var value = line.Substring(key.Length).Trim();
                return long.Parse(value.Split(' ')[0]);
            }
        }

        return 0;
    }
}

/// <summary>
/// Samples the managed heap (<see cref="GC.GetTotalMemory(bool)"/>, no collection) every
/// millisecond on its own thread and keeps the highest reading: the peak managed memory.
/// </summary>
internal sealed class PeakManagedSampler : IDisposable
{
    private readonly Thread thread;
    private volatile bool stop;
    private long peak;
    private long samples;

    public PeakManagedSampler()
    {
        peak = GC.GetTotalMemory(false);
        thread = new Thread(Run) { IsBackground = true, Name = "peak-managed-sampler", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    public long PeakBytes => Interlocked.Read(ref peak);

    public long Samples => Interlocked.Read(ref samples);

    public void Dispose()
    {
        stop = true;
        thread.Join();
        Sample();
    }

    private void Run()
    {
        while (!stop)
        {
            Sample();
            Thread.Sleep(1);
        }
    }

    private void Sample()
    {
        var now = GC.GetTotalMemory(false);
        Interlocked.Increment(ref samples);
        if (now > Interlocked.Read(ref peak))
        {
            Interlocked.Exchange(ref peak, now);
        }
    }
}
