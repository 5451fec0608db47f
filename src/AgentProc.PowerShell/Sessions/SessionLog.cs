using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace AgentProc.Sessions;

/// <summary>One entry of the session log.</summary>
public sealed class AgentSessionLogEntry
{
    internal AgentSessionLogEntry(DateTimeOffset time, LogLevel level, string category, string message)
    {
        Time = time;
        Level = level;
        Category = category;
        Message = message;
    }

    public DateTimeOffset Time { get; }

    public LogLevel Level { get; }

    public string Category { get; }

    public string Message { get; }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0:O} [{1}] {2}: {3}", Time, Level, Category, Message);
}

/// <summary>
/// The session's log: every engine message, including background events (exits, cron runs) that
/// happen while no command is running. Bounded in memory; optionally also appended to a file.
/// Messages logged while a cmdlet is running are also handed to that cmdlet (see <see cref="LogRouting"/>),
/// which writes them to its Verbose, Warning and Debug streams on the pipeline thread.
/// </summary>
internal sealed class SessionLog : ILoggerProvider
{
    public const int DefaultCapacity = 2000;

    private readonly object gate = new();
    private readonly Queue<AgentSessionLogEntry> entries = new();
    private readonly TimeProvider time;
    private string? filePath;

    public SessionLog(TimeProvider? time = null, int capacity = DefaultCapacity)
    {
        this.time = time ?? TimeProvider.System;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>When set, every entry is also appended to this file.</summary>
    public string? FilePath
    {
        get
        {
            lock (gate)
            {
                return filePath;
            }
        }

        set
        {
            if (value != null)
            {
                EnsureWritable(value);
            }

            lock (gate)
            {
                filePath = value;
            }
        }
    }

    /// <summary>Creates the file's directory and opens the file for appending once, or throws an error naming it.</summary>
    public static void EnsureWritable(string path)
    {
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using (new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw Errors.EngineErrors.SessionLogUnusable(path, ex.Message);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<AgentSessionLogEntry> Read()
    {
        lock (gate)
        {
            return entries.ToArray();
        }
    }

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, string message, bool route)
    {
        var entry = new AgentSessionLogEntry(time.GetUtcNow(), level, category, message);
        string? path;
        lock (gate)
        {
            entries.Enqueue(entry);
            while (entries.Count > Capacity)
            {
                entries.Dequeue();
            }

            path = filePath;
            if (path != null)
            {
                try
                {
                    File.AppendAllText(path, entry + Environment.NewLine, Encoding.UTF8);
                }
                catch (IOException)
                {
                    // The log must never break the work it describes.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        if (route)
        {
            LogRouting.Current?.Post(entry);
        }
    }

    private sealed class Logger : ILogger
    {
        private readonly SessionLog owner;
        private readonly string category;

        public Logger(SessionLog owner, string category)
        {
            this.owner = owner;
            this.category = category;
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (exception != null)
            {
                message += " (" + exception.Message + ")";
            }

            // An entry the caller also gives the command itself (a script's warning, through the
            // observer) is kept in the session log but not written to the command a second time.
            owner.Add(logLevel, category, message, route: eventId.Id != LogEvents.ShownToCaller.Id);
        }
    }
}

/// <summary>
/// Hands log entries to the command that is running when they are logged. The target flows with
/// the async context of the cmdlet's call; a target that was closed (its command ended) ignores
/// further entries, so a late background event never reaches a finished command.
/// </summary>
/// <summary>Event ids that change how the session log treats an entry.</summary>
internal static class LogEvents
{
    /// <summary>Already written to the calling command's streams by other means: log it, do not route it.</summary>
    public static readonly EventId ShownToCaller = new(1001, "ShownToCaller");
}

internal static class LogRouting
{
    private static readonly AsyncLocal<ILogTarget?> CurrentTarget = new();

    public static ILogTarget? Current => CurrentTarget.Value is { IsOpen: true } target ? target : null;

    public static void Set(ILogTarget? target) => CurrentTarget.Value = target;
}

internal interface ILogTarget
{
    bool IsOpen { get; }

    void Post(AgentSessionLogEntry entry);
}
