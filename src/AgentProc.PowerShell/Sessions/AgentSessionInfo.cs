using System;
using System.Collections.Generic;
using System.Linq;
using AgentProc.Processes;
using AgentProc.Scripts;

namespace AgentProc.Sessions;

/// <summary>A snapshot of the session: its settings, what it holds, and its script counters.</summary>
public sealed class AgentSessionInfo
{
    internal AgentSessionInfo(AgentSession session)
    {
        var processes = session.Processes.List();
        var p = session.Processes.Options;
        var s = session.Scripts.Options;
        Id = session.Id;
        CreatedAt = session.CreatedAt;
        Processes = processes.Count;
        RunningProcesses = processes.Count(x => x.State == AgentProcessState.Running);
        Schedules = session.Schedules.List().Count;
        Scripts = session.Scripts.Counters.Snapshot();
        HeadBytes = p.HeadBytes;
        TailBytes = p.TailBytes;
        MaxLineLength = p.MaxLineLength;
        Retention = p.Retention;
        IdempotencyRetention = p.IdempotencyRetention;
        DrainDelay = p.DrainDelay;
        CloseGracePeriod = p.CloseGracePeriod;
        DefaultWorkingDirectory = session.Processes.DefaultWorkingDirectory;
        DefaultEnvironment = session.Processes.DefaultEnvironment;
        LogDirectory = s.LogDirectory;
        DataDirectory = s.DataDirectory;
        BinDirectory = s.BinDirectory;
        ScriptGracePeriod = s.GracePeriod;
        PipeDelay = s.PipeDelay;
        CloseTimeout = s.CloseTimeout;
        LogFileMaxBytes = s.LogFileMaxBytes;
        ThrottleLimit = s.DefaultThrottleLimit;
        SessionLogPath = session.Log.FilePath;
    }

    public Guid Id { get; }

    public DateTimeOffset CreatedAt { get; }

    public int Processes { get; }

    public int RunningProcesses { get; }

    public int Schedules { get; }

    /// <summary>Scripts executed, succeeded, failed, skipped and canceled in this session.</summary>
    public ScriptCounters Scripts { get; }

    public int HeadBytes { get; }

    public int TailBytes { get; }

    public int MaxLineLength { get; }

    public TimeSpan Retention { get; }

    /// <summary>How long an idempotency key is remembered after its process was forgotten.</summary>
    public TimeSpan IdempotencyRetention { get; }

    public TimeSpan DrainDelay { get; }

    public TimeSpan CloseGracePeriod { get; }

    public string? DefaultWorkingDirectory { get; }

    public IReadOnlyDictionary<string, string?>? DefaultEnvironment { get; }

    public string LogDirectory { get; }

    public string DataDirectory { get; }

    public string BinDirectory { get; }

    public TimeSpan ScriptGracePeriod { get; }

    public TimeSpan PipeDelay { get; }

    public int ThrottleLimit { get; }

    /// <summary>How long the on-close scripts get, all together, when the session closes.</summary>
    public TimeSpan CloseTimeout { get; }

    /// <summary>The size at which a script's log file is rotated to &lt;log&gt;.1.</summary>
    public long LogFileMaxBytes { get; }

    public string? SessionLogPath { get; }
}
