using System.Collections.Concurrent;
using System.Threading;

namespace AgentProc.Scripts;

/// <summary>
/// Bounds the script output lines waiting for a slow consumer (the pipeline thread that writes them
/// as Information records). A script can print far faster than PowerShell writes records: past the
/// capacity, lines are dropped and counted per script, so memory stays bounded whatever the volume;
/// the log file and the result still hold the output.
/// </summary>
internal sealed class LineBacklog
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, long> dropped = new();
    private int pending;

    public LineBacklog(int capacity = DefaultCapacity)
    {
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Lines handed over and not yet consumed.</summary>
    public int Pending => Volatile.Read(ref pending);

    /// <summary>Takes a place for one line of <paramref name="name"/>; false (and counted) when full.</summary>
    public bool TryEnter(string name)
    {
        if (Interlocked.Increment(ref pending) <= Capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        dropped.AddOrUpdate(name, 1, (_, count) => count + 1);
        return false;
    }

    /// <summary>Frees the place of a line that was consumed.</summary>
    public void Leave() => Interlocked.Decrement(ref pending);

    /// <summary>The lines of <paramref name="name"/> dropped since the last call.</summary>
    public long TakeDropped(string name) => dropped.TryRemove(name, out var count) ? count : 0;
}
