using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// The process group of a spawned session leader (group id = session id = its pid, N), signalled so that
/// a process that later gets the number N is never hit. This object also reaps the leader, under the same
/// lock as the signals, so that "the leader is not reaped yet" holds for the whole of a signal.
/// </summary>
/// <remarks>
/// <para>The rule. While the leader is not reaped, N is its pid and cannot be reused. After the reap:</para>
/// <list type="bullet">
/// <item>Linux 6.9+: signals go through the leader's pidfd with PIDFD_SIGNAL_PROCESS_GROUP, which names the
/// group by the kernel's pid object, not by its number: a new process numbered N has another pid object,
/// so it can never be reached. The pidfd is kept while the group has members, and closed once it has none.</item>
/// <item>Linux 5.4 to 6.8: <c>kill(-N)</c>, only while <see cref="SessionAnchors"/> prove N is still held
/// by a process of the child's session; without that proof the group counts as gone.</item>
/// </list>
/// <para>A group found empty once stays gone: a group N can be made only by process N, and that one is ours
/// and reaped.</para>
/// </remarks>
internal sealed class SpawnedGroup : IProcessGroup
{
    private static readonly Lazy<bool> KernelSignalsGroupsByPidfd = new(ProbeGroupSignals);

    private readonly object gate = new();
    private readonly int id;
    private readonly bool signalThroughPidfd;

    // Under `gate`.
    private FileDescriptorHandle? leader;
    private bool leaderReaped;
    private SessionAnchors? anchors;
    private bool gone;

    /// <param name="pid">The leader's pid, which is the group id.</param>
    /// <param name="leader">Its pidfd; the group owns it. Null when the leader was reaped elsewhere before it could be opened.</param>
    /// <param name="signalThroughPidfd">PIDFD_SIGNAL_PROCESS_GROUP when the kernel has it (tests turn it off to cover older kernels).</param>
    public SpawnedGroup(int pid, FileDescriptorHandle? leader, bool signalThroughPidfd)
    {
        id = pid;
        this.leader = leader;
        this.signalThroughPidfd = signalThroughPidfd && leader != null;
        leaderReaped = leader is null;
        if (leaderReaped)
        {
            lock (gate)
            {
                AfterReap();
            }
        }
    }

    /// <summary>Whether this kernel signals a group through a pidfd (Linux 6.9+). Probed once.</summary>
    public static bool KernelHasGroupSignals => KernelSignalsGroupsByPidfd.Value;

    public bool IsAlive
    {
        get
        {
            lock (gate)
            {
                if (gone)
                {
                    return false;
                }

                if (!leaderReaped)
                {
                    return true;
                }

                if (!SignalLocked(0, out _))
                {
                    return false;
                }

                // N is held (the signal could reach only our group), so the table may be read by number:
                // members that are all zombies (a container whose init does not reap) cannot run.
                return !LinuxProcessTable.IsAvailable || LinuxProcessTable.GroupHasLiveMember(id);
            }
        }
    }

    /// <summary>
    /// The exit code for a SIGCHLD siginfo: the status for CLD_EXITED, 128+N for a signal, -1 otherwise.
    /// </summary>
    public static int ExitCodeOf(int code, int status) => code switch
    {
        PidfdNative.CLD_EXITED => status,
        PidfdNative.CLD_KILLED or PidfdNative.CLD_DUMPED => ExitCodes.FromSignal(status),
        _ => ExitCodes.Unknown,
    };

    public bool Signal(ProcessSignal signal)
    {
        lock (gate)
        {
            return !gone && SignalLocked(SignalNames.Native(signal), out _);
        }
    }

    public void Continue()
    {
        lock (gate)
        {
            if (!gone)
            {
                SignalLocked(UnixNative.SIGCONT, out _);
            }
        }
    }

    /// <summary>
    /// Reaps the leader, whose <paramref name="pidfd"/> turned readable (held by the caller, so open even
    /// after a dispose), and returns its exit code: -1 when someone else reaped it first (.NET reaps every
    /// child when SIGCHLD was ignored as pwsh started, or when pwsh is PID 1). Then finds out whether the
    /// group outlived it.
    /// </summary>
    public int ReapLeader(FileDescriptorHandle pidfd)
    {
        lock (gate)
        {
            if (leaderReaped)
            {
                return ExitCodes.Unknown;
            }

            var code = WaitForLeader(pidfd);
            leaderReaped = true;
            if (!gone)
            {
                AfterReap();
            }

            return code;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            // The exit watch holds its own reference on the pidfd: the descriptor stays open until it has
            // reaped the leader, so disposing here never leaves a zombie.
            leader?.Dispose();
            leader = null;
            anchors?.Dispose();
            anchors = null;
            gone = true;
        }
    }

    private static int WaitForLeader(FileDescriptorHandle pidfd)
    {
        var info = new int[PidfdNative.SigInfoInts];
        while (true)
        {
            // The pidfd is readable, so the leader has exited: without WNOHANG this returns at once.
            if (PidfdNative.WaitId(PidfdNative.P_PIDFD, pidfd.Fd, info, PidfdNative.WEXITED) == 0)
            {
                return ExitCodeOf(info[PidfdNative.SiCode], info[PidfdNative.SiStatus]);
            }

            if (Marshal.GetLastWin32Error() != UnixPipeNative.EINTR)
            {
                // ECHILD: reaped by someone else; the status is lost.
                return ExitCodes.Unknown;
            }
        }
    }

    // Under `gate`, once the leader is reaped: either the group is gone for good, or its members are
    // what holds N now (nothing could reuse N while they are there).
    private void AfterReap()
    {
        if (signalThroughPidfd)
        {
            if (!(PidfdNative.PidfdSendSignal(leader!, 0, PidfdNative.PIDFD_SIGNAL_PROCESS_GROUP, out var errno) == 0 || errno == UnixNative.EPERM))
            {
                MarkGone();
            }

            return;
        }

        if (UnixNative.Kill(-id, 0) == 0 || Marshal.GetLastWin32Error() == UnixNative.EPERM)
        {
            anchors = SessionAnchors.Take(id);
            if (!anchors.IsEmpty)
            {
                return;
            }
        }

        MarkGone();
    }

    // Under `gate`. Signal 0 asks whether anything is left. False (and the group gone, where that is
    // certain) when nothing was signalled.
    private bool SignalLocked(int signal, out int errno)
    {
        errno = 0;
        if (signalThroughPidfd)
        {
            if (PidfdNative.PidfdSendSignal(leader!, signal, PidfdNative.PIDFD_SIGNAL_PROCESS_GROUP, out errno) == 0)
            {
                return true;
            }

            if (errno == UnixNative.ESRCH && leaderReaped)
            {
                MarkGone();
            }

            return signal == 0 && errno == UnixNative.EPERM;
        }

        // Before the reap the leader holds N (and it is reaped only under this lock); after, an anchor must.
        if (leaderReaped && (anchors is null || !anchors.Holds()))
        {
            MarkGone();
            return false;
        }

        if (UnixNative.Kill(-id, signal) == 0)
        {
            return true;
        }

        errno = Marshal.GetLastWin32Error();
        if (errno == UnixNative.ESRCH && leaderReaped)
        {
            MarkGone();
        }

        return signal == 0 && errno == UnixNative.EPERM;
    }

    private void MarkGone()
    {
        gone = true;
        anchors?.Dispose();
        anchors = null;

        // Nothing will be signalled through it again: let the descriptor go now rather than at dispose.
        if (leaderReaped)
        {
            leader?.Dispose();
            leader = null;
        }
    }

    private static bool ProbeGroupSignals()
    {
        int self;
        using (var process = Process.GetCurrentProcess())
        {
            self = process.Id;
        }

        var fd = PidfdNative.PidfdOpen(self);
        if (fd < 0)
        {
            return false;
        }

        using var pidfd = new FileDescriptorHandle(fd);

        // Signal 0 to our own group delivers nothing; a kernel before 6.9 refuses the flag with EINVAL.
        return PidfdNative.PidfdSendSignal(pidfd, 0, PidfdNative.PIDFD_SIGNAL_PROCESS_GROUP, out var errno) == 0 || errno == UnixNative.EPERM;
    }
}
