using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>Picks the platform implementation for the running operating system.</summary>
internal static class ProcessPlatform
{
    private static IProcessPlatform? current;

    public static IProcessPlatform Current =>
        current ??= RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? new WindowsProcessPlatform()
            : new UnixProcessPlatform();
}
