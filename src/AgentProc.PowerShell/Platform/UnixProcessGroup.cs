using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace AgentProc.Platform;

/// <summary>A process group on Unix, named by its leader's pid (which is also the group id).</summary>
internal sealed class UnixProcessGroup : IProcessGroup
{
    // setsid runs in the child just after fork; until it has, the group does not exist. A signal sent
    // in that window waits this long for the group to appear before it falls back to the pid alone.
    private const int GroupAppearMilliseconds = 2000;

    private readonly int pid;
    private readonly bool isGroupLeader;

    public UnixProcessGroup(int pid, bool isGroupLeader)
    {
        this.pid = pid;
        this.isGroupLeader = isGroupLeader;
    }

    public bool IsAlive
    {
        get
        {
            if (!isGroupLeader)
            {
                return UnixNative.Kill(pid, 0) == 0 && (!LinuxProcessTable.IsAvailable || LinuxProcessTable.IsLive(pid));
            }

            var exists = UnixNative.Kill(-pid, 0) == 0 || Marshal.GetLastWin32Error() == UnixNative.EPERM;

            // A group of zombies is not alive: nothing in it can run or hold a pipe.
            return exists && (!LinuxProcessTable.IsAvailable || LinuxProcessTable.GroupHasLiveMember(pid));
        }
    }

    public bool Signal(ProcessSignal signal)
    {
        var number = SignalNames.Native(signal);
        if (!isGroupLeader)
        {
            return UnixNative.Kill(pid, number) == 0;
        }

        if (UnixNative.Kill(-pid, number) == 0)
        {
            return true;
        }

        if (Marshal.GetLastWin32Error() != UnixNative.ESRCH)
        {
            return false;
        }

        // No group yet: either setsid has not run, or everything is gone. The leader tells which.
        var stopwatch = Stopwatch.StartNew();
        while (UnixNative.Kill(pid, 0) == 0 && stopwatch.ElapsedMilliseconds < GroupAppearMilliseconds)
        {
            if (UnixNative.GetProcessGroup(pid) == pid)
            {
                return UnixNative.Kill(-pid, number) == 0;
            }

            Thread.Sleep(1);
        }

        return UnixNative.Kill(pid, number) == 0;
    }

    public void Continue() => UnixNative.Kill(isGroupLeader ? -pid : pid, UnixNative.SIGCONT);

    public void Dispose()
    {
    }
}
