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
/// A command that wants the messages logged on its behalf passes itself as the target
/// (<see cref="LoggerRouting.RoutedTo"/>): they are also handed to it, and it writes them to its
/// Verbose, Warning and Debug streams on the pipeline thread.
/// </summary>
internal sealed class SessionLog : ILoggerProvider
{
    public const int DefaultCapacity = 2000;

    private readonly object gate = new();
    private readonly Queue<AgentSessionLogEntry> entries = new();
    private readonly TimeProvider time;
    private SessionLogFile? file;

    public SessionLog(TimeProvider? time = null, int capacity = DefaultCapacity)
    {
        this.time = time ?? TimeProvider.System;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>When set, every entry is also appended to this file (kept open, written in the background).</summary>
    public string? FilePath
    {
        get
        {
            lock (gate)
            {
                return file?.Path;
            }
        }

        set
        {
            var opened = value is null ? null : SessionLogFile.Open(value);
            SessionLogFile? previous;
            lock (gate)
            {
                previous = file;
                file = opened;
            }

            previous?.Dispose();
        }
    }

    /// <summary>Checks that <paramref name="path"/> can be the log file (creating its directory), or throws an error naming it.</summary>
    public static void EnsureWritable(string path) => SessionLogFile.Open(path).Dispose();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<AgentSessionLogEntry> Read()
    {
        lock (gate)
        {
            return entries.ToArray();
        }
    }

    /// <summary>Writes what the file still has queued and closes it; entries after this stay in memory.</summary>
    public void Dispose()
    {
        SessionLogFile? closing;
        lock (gate)
        {
            closing = file;
            file = null;
        }

        closing?.Dispose();
    }

    private void Add(LogLevel level, string category, string message, ILogTarget? target)
    {
        var entry = new AgentSessionLogEntry(time.GetUtcNow(), level, category, message);
        SessionLogFile? toFile;
        lock (gate)
        {
            entries.Enqueue(entry);
            while (entries.Count > Capacity)
            {
                entries.Dequeue();
            }

            toFile = file;
        }

        toFile?.Write(entry.ToString());
        if (target is { IsOpen: true })
        {
            target.Post(entry);
        }
    }

    /// <summary>A logger of one category; with a target, what it logs is also handed to that command.</summary>
    internal sealed class Logger : ILogger
    {
        private readonly SessionLog owner;
        private readonly string category;
        private readonly ILogTarget? target;

        public Logger(SessionLog owner, string category, ILogTarget? target = null)
        {
            this.owner = owner;
            this.category = category;
            this.target = target;
        }

        /// <summary>This logger, also routed to <paramref name="to"/>.</summary>
        public Logger WithTarget(ILogTarget? to) => to is null ? this : new Logger(owner, category, to);

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
            owner.Add(logLevel, category, message, eventId.Id != LogEvents.ShownToCaller.Id ? target : null);
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

/// <summary>Routing a logger to the command a call is made for, passed explicitly with the call.</summary>
internal static class LoggerRouting
{
    /// <summary>
    /// <paramref name="logger"/>, also handing what it logs to <paramref name="target"/> while that is
    /// open; a logger that is not the session log's, or no target, is returned as it is.
    /// </summary>
    public static ILogger RoutedTo(this ILogger logger, ILogTarget? target) =>
        target != null && logger is SessionLog.Logger sessionLogger ? sessionLogger.WithTarget(target) : logger;
}

internal interface ILogTarget
{
    bool IsOpen { get; }

    void Post(AgentSessionLogEntry entry);
}
