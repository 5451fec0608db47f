using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using AgentProc.Output;

namespace AgentProc.Tests.Infrastructure;

/// <summary>An output sink that counts every byte, keeps the first <c>keep</c> of them, and names the threads that wrote.</summary>
internal sealed class RecordingSink : IOutputSink
{
    private readonly object gate = new();
    private readonly MemoryStream bytes = new();
    private readonly HashSet<string> threads = new();
    private readonly long keep;
    private long count;
    private string lastWrite = string.Empty;
    private string lastThreadName = string.Empty;

    public RecordingSink(long keep = long.MaxValue) => this.keep = keep;

    public long Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    public byte[] Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes.ToArray();
            }
        }
    }

    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>The bytes of the last write, as UTF-8.</summary>
    public string LastWrite
    {
        get
        {
            lock (gate)
            {
                return lastWrite;
            }
        }
    }

    /// <summary>The name of the thread that wrote last.</summary>
    public string LastThreadName
    {
        get
        {
            lock (gate)
            {
                return lastThreadName;
            }
        }
    }

    public IReadOnlyCollection<string> ThreadNames
    {
        get
        {
            lock (gate)
            {
                return new List<string>(threads);
            }
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        lock (gate)
        {
            this.count += count;
            var room = keep - bytes.Length;
            bytes.Write(buffer, offset, (int)Math.Min(count, room));
            lastThreadName = Thread.CurrentThread.Name ?? "(unnamed)";
            threads.Add(lastThreadName);
            lastWrite = Encoding.UTF8.GetString(buffer, offset, count);
        }
    }
}
