using System;
using AgentProc.Errors;

namespace AgentProc.Processes;

/// <summary>
/// The bounds of every size and duration a user can set, and the checks that enforce them: each value
/// must be one the engine can honour (a timer can hold it, a close can wait it out, memory can take it).
/// </summary>
internal static class SettingLimits
{
    /// <summary>Each of the head and tail buffers: 64 MiB (the defaults are 16 KiB).</summary>
    public const int MaxBufferBytes = 64 * 1024 * 1024;

    /// <summary>The longest line kept whole: 1 MiB.</summary>
    public const int MaxLineLength = 1024 * 1024;

    /// <summary>Deadlines and timeouts: 24 days, below the 24.8 days a .NET timer can hold.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(24);

    /// <summary>Grace periods (SIGTERM or SIGHUP to SIGKILL) and output drain delays: 10 minutes.</summary>
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>How long exited processes are kept: 30 days.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(30);

    public static int Size(string name, int value, int min, int max) =>
        value >= min && value <= max ? value : throw EngineErrors.InvalidSize(name, value, min, max);

    /// <summary>A duration greater than zero and at most <paramref name="max"/>.</summary>
    public static TimeSpan Duration(string name, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero)
        {
            throw EngineErrors.NegativeTimeout(name, value);
        }

        return value <= max ? value : throw EngineErrors.DurationTooLong(name, value, max);
    }
}
