using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// Whether the spawn path (posix_spawn as a session leader, exit through a pidfd) can serve on this
/// machine: Linux, a kernel with pidfd_open (5.3) and waitid(P_PIDFD) (5.4), and a C library with
/// POSIX_SPAWN_SETSID and posix_spawn_file_actions_addchdir_np. Probed once.
/// </summary>
internal static class SpawnSupport
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when the spawn path serves; otherwise why not, for the log and the README's table.</summary>
    public static string? Unsupported => Reason.Value;

    private static string? Probe()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return "pidfds exist only on Linux";
        }

        var library = PosixSpawn.Unsupported();
        if (library != null)
        {
            return library;
        }

        int self;
        using (var process = Process.GetCurrentProcess())
        {
            self = process.Id;
        }

        var pidfd = PidfdNative.PidfdOpen(self);
        if (pidfd < 0)
        {
            return "the kernel has no pidfd_open (Linux 5.3+): errno " + Marshal.GetLastWin32Error();
        }

        using var handle = new FileDescriptorHandle(pidfd);

        // We are not our own child: a kernel that knows P_PIDFD says ECHILD, an older one EINVAL.
        var info = new int[PidfdNative.SigInfoInts];
        var result = PidfdNative.WaitId(PidfdNative.P_PIDFD, pidfd, info, PidfdNative.WEXITED | PidfdNative.WNOHANG);
        var errno = Marshal.GetLastWin32Error();
        return result != 0 && errno == PidfdNative.ECHILD
            ? null
            : "the kernel has no waitid(P_PIDFD) (Linux 5.4+): errno " + errno;
    }
}
