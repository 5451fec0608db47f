using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentProc.Sessions;

/// <summary>
/// The session log's file: opened once and kept open, written by a background task, so that logging
/// never waits for the disk and never holds the log's lock while writing. The queue is bounded: when
/// the disk cannot keep up, entries are dropped and the next line written says how many.
/// </summary>
internal sealed class SessionLogFile : IDisposable
{
    public const int QueueCapacity = 10_000;

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly BlockingCollection<string> lines = new(QueueCapacity);
    private readonly StreamWriter writer;
    private readonly Task pump;
    private long dropped;

    private SessionLogFile(string path, StreamWriter writer)
    {
        Path = path;
        this.writer = writer;
        pump = Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public string Path { get; }

    /// <summary>Creates missing directories and opens <paramref name="path"/> for appending, or throws an error naming it.</summary>
    public static SessionLogFile Open(string path)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            // Appended at the end whoever else writes it (O_APPEND), and created 0600: it may hold what scripts print.
            var stream = Scripts.ScriptLogFile.OpenStream(path);
            return new SessionLogFile(path, new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 4096));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw Errors.EngineErrors.SessionLogUnusable(path, ex.Message);
        }
    }

    /// <summary>Queues a line; never blocks. A full queue drops it and counts it.</summary>
    public void Write(string line)
    {
        try
        {
            if (!lines.TryAdd(line))
            {
                Interlocked.Increment(ref dropped);
            }
        }
        catch (InvalidOperationException)
        {
            // Closed: entries after the file was replaced or the session ended stay in memory only.
        }
    }

    /// <summary>Writes what is queued and closes the file (waiting a few seconds at most).</summary>
    public void Dispose()
    {
        try
        {
            lines.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        pump.Wait(DisposeWait);
    }

    private void Pump()
    {
        try
        {
            foreach (var line in lines.GetConsumingEnumerable())
            {
                var lost = Interlocked.Exchange(ref dropped, 0);
                if (lost > 0)
                {
                    writer.WriteLine($"... [{lost} session log entries dropped: the file could not keep up] ...");
                }

                writer.WriteLine(line);

                // Flush when the queue is empty: a burst is written in one go, a quiet log at once.
                if (lines.Count == 0)
                {
                    writer.Flush();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // The log must never break the work it describes: a full disk ends the file, not the session.
        }
        finally
        {
            try
            {
                writer.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }
}
