using System;
using System.Collections;
using System.Management.Automation;

namespace AgentProc.Hosting;

/// <summary>
/// Adds to one of a job's streams, keeping at most <see cref="Capacity"/> items in it. A job nobody
/// receives from would otherwise hold every line a process ever printed; past the capacity the oldest
/// item is dropped, and the first item becomes a marker that says how many were dropped there, so
/// Receive-Job shows the newest output and where the gap is.
/// </summary>
/// <remarks>
/// Receive-Job removes what it reads (unless -Keep), so the count falls back as it reads; with
/// Receive-Job -Wait each item is taken as soon as it is added and nothing is ever dropped. The
/// collection's own lock (its SyncRoot) makes the drop and the marker one step for other readers.
/// </remarks>
internal sealed class BoundedJobStream<T>
    where T : class
{
    private readonly PSDataCollection<T> stream;
    private readonly Func<long, T> marker;
    private T? currentMarker;
    private long dropped;

    /// <summary>Bounds <paramref name="stream"/> to <paramref name="capacity"/> items; <paramref name="marker"/> makes the marker for a number of dropped items.</summary>
    public BoundedJobStream(PSDataCollection<T> stream, int capacity, Func<long, T> marker)
    {
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A bounded stream holds the marker and at least one item.");
        this.stream = stream;
        this.marker = marker;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Only one thread adds (the job's pump), so the count after the add is this add's.</summary>
    public void Add(T item)
    {
        stream.Add(item);
        if (stream.Count <= Capacity)
        {
            return;
        }

        lock (((ICollection)stream).SyncRoot)
        {
            while (stream.Count > Capacity)
            {
                if (currentMarker != null && ReferenceEquals(stream[0], currentMarker))
                {
                    // A marker leads already: the oldest real item is the next one.
                    stream.RemoveAt(1);
                    dropped++;
                }
                else
                {
                    // The reader took the last marker (or there was none): a new count starts here, and
                    // the marker takes the place of the next oldest item.
                    stream.RemoveAt(0);
                    dropped = 2;
                }

                // Replaced in place, not inserted: no DataAdded event for a reader to take it twice.
                currentMarker = marker(dropped);
                stream[0] = currentMarker;
            }
        }
    }
}
