using System;
using System.IO;
using AgentProc.Errors;
using AgentProc.Output;

namespace AgentProc.Scripts;

/// <summary>
/// The session's script settings. Each run takes the values in force when it starts; setters
/// validate, so a bad value never reaches a running script.
/// </summary>
public sealed class ScriptRunnerOptions
{
    private string logDirectory = DefaultDirectory("logs");
    private string dataDirectory = DefaultDirectory("data");
    private TimeSpan gracePeriod = TimeSpan.FromSeconds(10);
    private TimeSpan pipeDelay = TimeSpan.FromSeconds(10);
    private TimeSpan closeTimeout = TimeSpan.FromMinutes(1);
    private int defaultThrottleLimit = Math.Max(1, Environment.ProcessorCount * 2);
    private int headBytes = HeadTailBuffer.DefaultHeadBytes;
    private int tailBytes = HeadTailBuffer.DefaultTailBytes;
    private int maxLineLength = HeadTailBuffer.DefaultMaxLineLength;
    private long logFileMaxBytes = ScriptLogFile.DefaultMaxBytes;

    /// <summary>Where log files go by default, and what relative log paths are under (<c>&lt;temp&gt;/agentproc-&lt;user&gt;/logs</c>).</summary>
    public string LogDirectory { get => logDirectory; set => logDirectory = FullDirectory(nameof(LogDirectory), value); }

    /// <summary>The root of the per-script data directories; the shared bin directory is <c>&lt;DataDirectory&gt;/bin</c> (<c>&lt;temp&gt;/agentproc-&lt;user&gt;/data</c>).</summary>
    public string DataDirectory { get => dataDirectory; set => dataDirectory = FullDirectory(nameof(DataDirectory), value); }

    /// <summary>The shared directory put first on every script's PATH.</summary>
    public string BinDirectory => Path.Combine(dataDirectory, "bin");

    /// <summary>After the interrupt (SIGHUP) of a timeout or a cancellation, how long before the group is killed (10 s).</summary>
    public TimeSpan GracePeriod { get => gracePeriod; set => gracePeriod = Processes.SettingLimits.Duration(nameof(GracePeriod), value, Processes.SettingLimits.MaxGracePeriod); }

    /// <summary>How long after a script exits a pipe held by one of its children is still read (10 s).</summary>
    public TimeSpan PipeDelay { get => pipeDelay; set => pipeDelay = Processes.SettingLimits.Duration(nameof(PipeDelay), value, Processes.SettingLimits.MaxGracePeriod); }

    /// <summary>The most scripts of one run that execute at once, when the run names no limit (twice the processor count).</summary>
    public int DefaultThrottleLimit { get => defaultThrottleLimit; set => defaultThrottleLimit = Processes.SettingLimits.Size(nameof(DefaultThrottleLimit), value, 1, 1024); }

    /// <summary>Bytes kept from the start of each script's output for the result's Output (16 KiB). The log file gets everything.</summary>
    public int HeadBytes { get => headBytes; set => headBytes = Processes.SettingLimits.Size(nameof(HeadBytes), value, 0, Processes.SettingLimits.MaxBufferBytes); }

    /// <summary>Bytes kept from the end of each script's output for the result's Output (16 KiB).</summary>
    public int TailBytes { get => tailBytes; set => tailBytes = Processes.SettingLimits.Size(nameof(TailBytes), value, 0, Processes.SettingLimits.MaxBufferBytes); }

    /// <summary>Longer lines are cut with a <c>... [truncated]</c> suffix, in the Output and in the lines handed to the observer (2048).</summary>
    public int MaxLineLength { get => maxLineLength; set => maxLineLength = Processes.SettingLimits.Size(nameof(MaxLineLength), value, 1, Processes.SettingLimits.MaxLineLength); }

    /// <summary>
    /// A script's log file is rotated when a write would take it past this size: it becomes
    /// <c>&lt;log&gt;.1</c> (replacing the previous one) and a new file is started (64 MiB by default).
    /// </summary>
    public long LogFileMaxBytes
    {
        get => logFileMaxBytes;
        set => logFileMaxBytes = value >= ScriptLogFile.MinMaxBytes && value <= ScriptLogFile.MaxMaxBytes
            ? value
            : throw EngineErrors.InvalidSize(nameof(LogFileMaxBytes), value, ScriptLogFile.MinMaxBytes, ScriptLogFile.MaxMaxBytes);
    }

    /// <summary>
    /// How long the on-close scripts get, all together, when the session closes (1 minute by default):
    /// then the ones still running are interrupted like a timeout, and the close goes on.
    /// </summary>
    public TimeSpan CloseTimeout { get => closeTimeout; set => closeTimeout = Processes.SettingLimits.Duration(nameof(CloseTimeout), value, Processes.SettingLimits.MaxGracePeriod); }

    /// <summary>How often a script waiting for its dependencies says so (5 s; shorter in tests).</summary>
    internal TimeSpan WaitingReportInterval { get; set; } = TimeSpan.FromSeconds(5);

    // Per user, so two accounts sharing /tmp never share logs or data.
    private static string DefaultDirectory(string leaf)
    {
        var user = Environment.UserName;
        var safe = string.IsNullOrEmpty(user) ? "user" : ScriptNames.Sanitize(user);
        return Path.Combine(Path.GetTempPath(), "agentproc-" + safe, leaf);
    }

    private static string FullDirectory(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw EngineErrors.ScriptInvalidDirectoryOption(name, value);
        }

        string full;
        try
        {
            full = Path.GetFullPath(value);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw EngineErrors.ScriptInvalidDirectoryOption(name, value);
        }

        // A file where the directory should be would fail every script later, each with a vaguer error.
        return File.Exists(full) ? throw EngineErrors.InvalidPath(name, full, "it is a file, not a directory. Give a directory (it is created when needed).") : full;
    }
}
