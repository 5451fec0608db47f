using System;
using System.Collections.Concurrent;
using System.Threading;
using AgentProc.Sessions;
using Microsoft.Extensions.Logging;

namespace AgentProc.Hosting;

/// <summary>
/// Work that background threads hand to the pipeline thread: log entries and observer callbacks.
/// PowerShell's Write* methods may be called only on the pipeline thread, so reader threads and
/// timers post here, and the cmdlet drains the queue in ProcessRecord/EndProcessing and while waiting.
/// </summary>
internal sealed class PipelineQueue : ILogTarget
{
    private readonly BlockingCollection<Action<AgentCmdlet>> items = new();
    private volatile bool open = true;

    public bool IsOpen => open;

    public void Post(Action<AgentCmdlet> action)
    {
        if (!open)
        {
            return;
        }

        try
        {
            items.Add(action);
        }
        catch (InvalidOperationException)
        {
            // Completed between the check and the add: the command has ended.
        }
    }

    public void Post(AgentSessionLogEntry entry) => Post(cmdlet => cmdlet.WriteLogEntry(entry));

    /// <summary>
    /// Takes the next item, waiting up to <paramref name="wait"/>; the wait ends early, with false,
    /// when <paramref name="wake"/> is cancelled (the awaited task completed).
    /// </summary>
    public bool TryTake(out Action<AgentCmdlet>? action, TimeSpan wait, CancellationToken wake = default)
    {
        try
        {
            return items.TryTake(out action, (int)wait.TotalMilliseconds, wake);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            action = null;
            return false;
        }
    }

    public void Close()
    {
        open = false;
        items.CompleteAdding();
    }
}

internal static class LogLevels
{
    /// <summary>Information and below go to Verbose/Debug; Warning and above to Warning (errors are ErrorRecords already).</summary>
    public static bool IsWarning(LogLevel level) => level >= LogLevel.Warning;

    public static bool IsDebug(LogLevel level) => level <= LogLevel.Debug;
}
