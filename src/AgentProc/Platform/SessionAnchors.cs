using System;
using System.Collections.Generic;

namespace AgentProc.Platform;

/// <summary>
/// Proof that a spawned child's session id (which is also its group id, N) still belongs to what the
/// child started, after the child itself was reaped: pidfds of processes that were in session N.
/// </summary>
/// <remarks>
/// <para>The kernel keeps a pid number allocated while any process uses it as its pid, group id or session
/// id. So while one process of session N has not been reaped, N cannot be handed to a new process, and a
/// group N can only be the child's (a group is always inside one session, and a group N can only be made
/// by process N). A pidfd names its process for good: signal 0 through it succeeds until that process is
/// reaped, and its session id is read by pid in between two such checks, so a recycled pid cannot answer
/// for it.</para>
/// <para>The anchors are taken when the leader is reaped and its group still had members, and taken again
/// whenever one of them has gone while another still holds N (a scan made while N is held finds only the
/// child's processes). If every anchor is gone before that, the group counts as gone, even if a process
/// that joined it later still runs: signalling N could then reach a stranger.</para>
/// </remarks>
internal sealed class SessionAnchors : IDisposable
{
    // Enough to outlive the usual churn; each costs a descriptor.
    private const int MaxAnchors = 16;

    private readonly int session;
    private readonly List<Anchor> anchors = new();

    private SessionAnchors(int session) => this.session = session;

    /// <summary>Whether an anchor is held.</summary>
    public bool IsEmpty => anchors.Count == 0;

    /// <summary>
    /// Anchors the processes of session <paramref name="session"/> right after its leader was reaped and
    /// the group was found to have members (which then hold N: no recycling can have happened between).
    /// </summary>
    public static SessionAnchors Take(int session)
    {
        var taken = new SessionAnchors(session);
        taken.AddMembers();
        return taken;
    }

    /// <summary>
    /// Whether session N is still held by an anchor, now. Drops the anchors that are gone, and when some
    /// went while others remain, anchors the session's current processes in their place.
    /// </summary>
    public bool Holds()
    {
        var before = anchors.Count;
        DropGone();
        if (anchors.Count == 0)
        {
            return false;
        }

        if (anchors.Count < before)
        {
            // Valid only if an anchor held N for the whole scan: one of the old ones, checked after it.
            var old = anchors.ToArray();
            AddMembers();
            if (!Array.Exists(old, a => a.HoldsSession(session)))
            {
                Clear();
                return false;
            }
        }

        return true;
    }

    public void Dispose() => Clear();

    private void AddMembers()
    {
        var held = new HashSet<int>();
        foreach (var anchor in anchors)
        {
            held.Add(anchor.Pid);
        }

        foreach (var pid in LinuxProcessTable.SessionMembers(session))
        {
            if (anchors.Count >= MaxAnchors)
            {
                return;
            }

            if (held.Contains(pid))
            {
                continue;
            }

            var fd = PidfdNative.PidfdOpen(pid);
            if (fd < 0)
            {
                continue;
            }

            var anchor = new Anchor(pid, new FileDescriptorHandle(fd));
            if (anchor.HoldsSession(session))
            {
                anchors.Add(anchor);
            }
            else
            {
                anchor.Pidfd.Dispose();
            }
        }
    }

    private void DropGone()
    {
        for (var i = anchors.Count - 1; i >= 0; i--)
        {
            if (!anchors[i].HoldsSession(session))
            {
                anchors[i].Pidfd.Dispose();
                anchors.RemoveAt(i);
            }
        }
    }

    private void Clear()
    {
        foreach (var anchor in anchors)
        {
            anchor.Pidfd.Dispose();
        }

        anchors.Clear();
    }

    private sealed class Anchor
    {
        public Anchor(int pid, FileDescriptorHandle pidfd)
        {
            Pid = pid;
            Pidfd = pidfd;
        }

        public int Pid { get; }

        public FileDescriptorHandle Pidfd { get; }

        /// <summary>
        /// Not reaped (so it holds its ids), and in the session: the pidfd before and after the by-pid
        /// read proves the pid was this process's the whole time.
        /// </summary>
        public bool HoldsSession(int session) =>
            PidfdNative.NotReaped(Pidfd)
            && PidfdNative.GetSessionId(Pid) == session
            && PidfdNative.NotReaped(Pidfd);
    }
}
