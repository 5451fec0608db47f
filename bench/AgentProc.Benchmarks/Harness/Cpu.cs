using System.Runtime.InteropServices;

namespace AgentProc.Benchmarks.Harness;

/// <summary>CPU time used by this process (all threads, user + system), from getrusage(RUSAGE_SELF).</summary>
internal static class Cpu
{
    private const int RusageSelf = 0;
    private const int RusageChildren = -1;

    /// <summary>Milliseconds of CPU this process has used so far; children are not counted.</summary>
    public static double Milliseconds() => Read(RusageSelf);

    /// <summary>Milliseconds of CPU used by this process's children (and their waited-for descendants) that have been reaped.</summary>
    public static double ChildrenMilliseconds() => Read(RusageChildren);

    private static double Read(int who)
    {
        // struct rusage on 64-bit Linux: ru_utime {sec, usec}, ru_stime {sec, usec}, then 14 longs.
        var usage = new long[18];
        return GetRusage(who, usage) != 0
            ? double.NaN
            : ((usage[0] + usage[2]) * 1000.0) + ((usage[1] + usage[3]) / 1000.0);
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
