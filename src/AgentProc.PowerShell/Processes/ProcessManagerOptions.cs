using System;
using AgentProc.Errors;
using AgentProc.Output;

namespace AgentProc.Processes;

/// <summary>
/// The session's process settings. Each new process takes the values in force when it starts;
/// setters validate, so a bad value never reaches a running process.
/// </summary>
public sealed class ProcessManagerOptions
{
    private int headBytes = HeadTailBuffer.DefaultHeadBytes;
    private int tailBytes = HeadTailBuffer.DefaultTailBytes;
    private int maxLineLength = HeadTailBuffer.DefaultMaxLineLength;
    private TimeSpan retention = TimeSpan.FromMinutes(5);
    private TimeSpan drainDelay = TimeSpan.FromSeconds(5);
    private TimeSpan closeGracePeriod = TimeSpan.FromSeconds(5);
    private TimeSpan idempotencyRetention = TimeSpan.FromHours(24);

    /// <summary>Bytes kept from the start of each process's output (16 KiB by default).</summary>
    public int HeadBytes { get => headBytes; set => headBytes = SettingLimits.Size(nameof(HeadBytes), value, 0, SettingLimits.MaxBufferBytes); }

    /// <summary>Bytes kept from the end of each process's output (16 KiB by default).</summary>
    public int TailBytes { get => tailBytes; set => tailBytes = SettingLimits.Size(nameof(TailBytes), value, 0, SettingLimits.MaxBufferBytes); }

    /// <summary>Longer lines are cut, with a <c>... [truncated]</c> suffix (2048 by default).</summary>
    public int MaxLineLength { get => maxLineLength; set => maxLineLength = SettingLimits.Size(nameof(MaxLineLength), value, 1, SettingLimits.MaxLineLength); }

    /// <summary>How long an exited process stays listed before it is forgotten (5 minutes by default).</summary>
    public TimeSpan Retention { get => retention; set => retention = SettingLimits.Duration(nameof(Retention), value, SettingLimits.MaxRetention); }

    /// <summary>How long output is still read after the exit while a descendant holds the pipe (5 s by default).</summary>
    public TimeSpan DrainDelay { get => drainDelay; set => drainDelay = SettingLimits.Duration(nameof(DrainDelay), value, SettingLimits.MaxGracePeriod); }

    /// <summary>On close, how long terminated processes get before they are killed (5 s by default).</summary>
    /// <summary>
    /// How long an idempotency key is remembered after its process was forgotten (24 hours by default):
    /// a start with the key in that time returns the process's receipt instead of running it again.
    /// </summary>
    public TimeSpan IdempotencyRetention { get => idempotencyRetention; set => idempotencyRetention = SettingLimits.Duration(nameof(IdempotencyRetention), value, SettingLimits.MaxRetention); }

    /// <summary>At most this many receipts are kept (the oldest go first), as the agent keeps 16,384.</summary>
    public int MaxIdempotencyReceipts { get; set; } = 16_384;

    public TimeSpan CloseGracePeriod { get => closeGracePeriod; set => closeGracePeriod = SettingLimits.Duration(nameof(CloseGracePeriod), value, SettingLimits.MaxGracePeriod); }
}
