using System;

namespace AgentProc.Platform;

/// <summary>How a child is started on Unix.</summary>
internal enum UnixStartPath
{
    /// <summary>posix_spawn as a session leader with default signals, the exit seen through a pidfd (Linux).</summary>
    Spawn,

    /// <summary><see cref="System.Diagnostics.Process"/> through a wrapper that makes the group and resets the signals.</summary>
    Fallback,
}

/// <summary>Which start path serves: the spawn path where it can, unless the environment forces the fallback.</summary>
internal static class UnixStartPaths
{
    /// <summary>
    /// <c>fallback</c> forces the Process-based path (CI tests it this way); <c>spawn</c> or unset takes
    /// the spawn path where the machine supports it.
    /// </summary>
    public const string EnvironmentVariable = "AGENTPROC_START_PATH";

    /// <summary>The path to use, and (for the fallback) why.</summary>
    public static UnixStartPath Choose(out string? fallbackReason) =>
        Choose(Environment.GetEnvironmentVariable(EnvironmentVariable), SpawnSupport.Unsupported, out fallbackReason);

    /// <summary>The choice for a value of <see cref="EnvironmentVariable"/> and what the machine lacks for the spawn path (null: nothing).</summary>
    public static UnixStartPath Choose(string? requested, string? spawnUnsupported, out string? fallbackReason)
    {
        if (string.Equals(requested, "fallback", StringComparison.OrdinalIgnoreCase))
        {
            fallbackReason = EnvironmentVariable + "=fallback";
            return UnixStartPath.Fallback;
        }

        fallbackReason = spawnUnsupported;
        return fallbackReason is null ? UnixStartPath.Spawn : UnixStartPath.Fallback;
    }
}
