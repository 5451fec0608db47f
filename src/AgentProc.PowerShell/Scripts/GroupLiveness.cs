using System;
using System.Runtime.InteropServices;
using AgentProc.Platform;
using AgentProc.Processes;

namespace AgentProc.Scripts;

/// <summary>Whether a finished script's process group may still hold a live process (a daemon it left).</summary>
internal static class GroupLiveness
{
    /// <summary>
    /// How long after a group surely exists (it was signalled, or its run ended) before
    /// <see cref="ChildProcess.GroupIsAlive"/> can be trusted to have seen it: more than the /proc cache's 15 ms.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// <see cref="ChildProcess.GroupIsAlive"/> reads a /proc scan cached for a few milliseconds, which may
    /// predate a group born just before: a quick script's daemon would read as dead and outlive the
    /// session. So on Unix a group that still exists at all (<c>kill(-pgid, 0)</c>) counts too; if that
    /// is only zombies, the runner drops it at a later prune, when GroupIsAlive has caught up.
    /// </summary>
    public static bool MayBeAlive(ChildProcess child)
    {
        if (child.GroupIsAlive)
        {
            return true;
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return false;
        }

        return UnixNative.Kill(-child.Pid, 0) == 0 || Marshal.GetLastWin32Error() == UnixNative.EPERM;
    }
}
