using System;
using AgentProc.Platform;
using AgentProc.Processes;
using Microsoft.Extensions.Logging;

namespace AgentProc.Tests.Infrastructure;

/// <summary>Process managers for tests: short delays so tests stay quick; disposed by each test, which ends its children.</summary>
internal static class TestManagers
{
    public static ProcessManager Create(Action<ProcessManagerOptions>? configure = null, ILogger? logger = null, TimeProvider? time = null, IProcessPlatform? platform = null)
    {
        var options = new ProcessManagerOptions
        {
            DrainDelay = TimeSpan.FromSeconds(1),
            CloseGracePeriod = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        return new ProcessManager(options, logger, time, platform);
    }

    public static ProcessStartRequest Sh(string command) => new(command);
}
