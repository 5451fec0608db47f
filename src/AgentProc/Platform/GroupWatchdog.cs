using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace AgentProc.Platform;

/// <summary>
/// Ends the process groups of this process's sessions when this process dies without closing them
/// (SIGKILL, the out-of-memory killer, a crash): nothing in the process itself can run then.
/// </summary>
/// <remarks>
/// <para>A small <c>/bin/sh</c> loop, started with the first group, reads a pipe whose write end only
/// this process holds (.NET creates the pipe close-on-exec, so no other child inherits it). Every group
/// a session starts is announced (<c>+ pgid graceMs</c>) and every group that is over is withdrawn
/// (<c>- pgid</c>). When the pipe reaches end-of-file, this process is gone: the watchdog sends SIGTERM
/// and SIGCONT to every group it still knows, waits for them up to the longest grace period it was
/// given, sends SIGKILL to what is left, and exits. After a normal close every group was withdrawn,
/// so it exits at once.</para>
/// <para>It ignores the terminal's signals (SIGINT, SIGHUP, SIGQUIT) and SIGTERM: a Ctrl+C or a closed
/// terminal reaches pwsh's whole process group, and the watchdog must live until pwsh is gone. It is
/// no agent process: no session lists it.</para>
/// <para>Sending never blocks on Linux: a line is sent from the start path and, at every exit, from the
/// output poller's thread, which must not wait for the watchdog. The write end is non-blocking; should
/// the watchdog fall a whole pipe (64 KiB, thousands of lines) behind, the lines wait in order in a
/// backlog that a short-lived thread writes as the pipe drains (a withdrawal still waiting there when
/// this process dies is lost, as one being written at that moment always could be). Elsewhere the write
/// blocks, as fcntl's variadic flag cannot be passed soundly on every ABI.</para>
/// <para>Unix only: on Windows the job object ends the tree when its last handle closes.</para>
/// </remarks>
internal sealed class GroupWatchdog : IDisposable
{
    private const string Script = """
        trap '' INT HUP QUIT TERM PIPE
        exec >/dev/null 2>&1
        groups=' '
        grace=0
        while read -r op pgid ms; do
          case $op in
            +) groups="$groups$pgid "; [ "$ms" -gt "$grace" ] && grace=$ms ;;
            -) case $groups in *" $pgid "*) groups="${groups%% $pgid *} ${groups#* $pgid }" ;; esac ;;
          esac
        done
        [ "$groups" = ' ' ] && exit 0
        for g in $groups; do kill -TERM -"$g"; kill -CONT -"$g"; done
        waited=0
        while [ "$waited" -lt "$grace" ]; do
          alive=
          for g in $groups; do kill -0 -"$g" && { alive=1; break; }; done
          [ -z "$alive" ] && exit 0
          sleep 0.1
          waited=$((waited + 100))
        done
        for g in $groups; do kill -KILL -"$g"; done
        """;

    private readonly object gate = new();

    // Under `gate`: lines not yet written, in order (the head from `backlogOffset` on), and whether a
    // thread is writing them.
    private readonly Queue<byte[]> backlog = new();
    private int backlogOffset;
    private bool flushing;
    private Process? watchdog;
    private Stream? channel;
    private int channelFd = -1;
    private bool broken;

    /// <summary>The one watchdog of this process, shared by every session in it.</summary>
    public static GroupWatchdog Shared { get; } = new();

    // Asked once: every start and every exit sends a line, and a stat of /bin/sh each time cost a few
    // microseconds of the start path for an answer that does not change.
    public static bool IsSupported { get; } = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && File.Exists("/bin/sh");

    /// <summary>Lines waiting for the watchdog to catch up (for tests).</summary>
    internal int BacklogCount
    {
        get
        {
            lock (gate)
            {
                return backlog.Count;
            }
        }
    }

    /// <summary>The watchdog's pid once started (for tests and diagnostics).</summary>
    public int? ProcessId
    {
        get
        {
            lock (gate)
            {
                return watchdog?.Id;
            }
        }
    }

    /// <summary>Announces a group to end if this process dies; starts the watchdog on first use.</summary>
    public void Track(int processGroupId, TimeSpan gracePeriod)
    {
        var ms = (long)Math.Min(Math.Max(gracePeriod.TotalMilliseconds, 0), int.MaxValue);
        Send("+ " + processGroupId.ToString(CultureInfo.InvariantCulture) + " " + ms.ToString(CultureInfo.InvariantCulture) + "\n", start: true);
    }

    /// <summary>Withdraws a group that is over (empty) or ended by a normal close.</summary>
    public void Untrack(int processGroupId) => Send("- " + processGroupId.ToString(CultureInfo.InvariantCulture) + "\n", start: false);

    /// <summary>
    /// Closes the write end as this process's death would: the watchdog ends what it still knows.
    /// For tests of private instances; the shared one lives as long as the process.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            broken = true;
            backlog.Clear();
            channelFd = -1;
            channel?.Dispose();
            channel = null;
            watchdog?.Dispose();
            watchdog = null;
        }
    }

    private void Send(string line, bool start)
    {
        if (!IsSupported)
        {
            return;
        }

        var bytes = Encoding.ASCII.GetBytes(line);
        lock (gate)
        {
            if (broken || (channel is null && !(start && TryStart())))
            {
                return;
            }

            if (channelFd < 0)
            {
                WriteBlocking(bytes);
                return;
            }

            // Behind lines already waiting, or what the pipe did not take now, waits in order.
            if (backlog.Count == 0)
            {
                var written = WriteNow(bytes, 0);
                if (written < 0 || written == bytes.Length)
                {
                    return;
                }

                backlogOffset = written;
            }

            backlog.Enqueue(bytes);
            if (!flushing)
            {
                StartFlusher();
            }
        }
    }

    private bool TryStart()
    {
        try
        {
            var info = new ProcessStartInfo("/bin/sh", CommandLine.Join(new[] { "-c", Script }))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            watchdog = Process.Start(info) ?? throw new InvalidOperationException("no process");
            channel = watchdog.StandardInput.BaseStream;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && channel is System.IO.Pipes.PipeStream pipe)
            {
                var fd = (int)pipe.SafePipeHandle.DangerousGetHandle();
                channelFd = PidfdNative.TrySetNonBlocking(fd) ? fd : -1;
            }

            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            broken = true;
            return false;
        }
    }

    // Under `gate`, where the write end is blocking (not Linux).
    private void WriteBlocking(byte[] bytes)
    {
        try
        {
            // One write of a few bytes: atomic on a pipe.
            channel!.Write(bytes, 0, bytes.Length);
            channel.Flush();
        }
        catch (IOException)
        {
            // The watchdog is gone (killed by hand): nothing can be done for the groups now, and
            // starts must not fail for it.
            broken = true;
        }
    }

    /// <summary>
    /// Under `gate`: writes <paramref name="bytes"/> from <paramref name="offset"/> without blocking.
    /// Returns how far it got (the pipe full stops it), or -1 when the watchdog is gone (then broken).
    /// </summary>
    private int WriteNow(byte[] bytes, int offset)
    {
        var pinned = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        try
        {
            while (offset < bytes.Length)
            {
                var written = (long)UnixPipeNative.Write(channelFd, pinned.AddrOfPinnedObject() + offset, new UIntPtr((uint)(bytes.Length - offset)));
                if (written > 0)
                {
                    offset += (int)written;
                    continue;
                }

                var errno = Marshal.GetLastWin32Error();
                if (written < 0 && errno == UnixPipeNative.EINTR)
                {
                    continue;
                }

                if (written < 0 && errno == UnixPipeNative.EAGAIN)
                {
                    return offset;
                }

                // EPIPE: the watchdog is gone (killed by hand); starts must not fail for it.
                broken = true;
                backlog.Clear();
                return -1;
            }

            return offset;
        }
        finally
        {
            pinned.Free();
        }
    }

    // Under `gate`. A thread of its own: it waits for the watchdog, which the poller must never do.
    // Without one, the lines wait and the next send that finds the pipe full tries again.
    private void StartFlusher() => flushing = BackgroundThreads.TryStart(Flush, "agentproc-watchdog-backlog", 64 * 1024);

    private void Flush()
    {
        var poll = new UnixPipeNative.PollFd[1];
        while (true)
        {
            int fd;
            lock (gate)
            {
                fd = channelFd;
                if (broken || fd < 0 || backlog.Count == 0)
                {
                    flushing = false;
                    return;
                }
            }

            // Outside the lock: sends go on queueing while the watchdog catches up.
            poll[0] = new UnixPipeNative.PollFd { Fd = fd, Events = UnixPipeNative.POLLOUT };
            UnixPipeNative.Poll(poll, new UIntPtr(1), 1000);

            lock (gate)
            {
                while (!broken && channelFd >= 0 && backlog.Count > 0)
                {
                    var head = backlog.Peek();
                    var written = WriteNow(head, backlogOffset);
                    if (written < 0)
                    {
                        break;
                    }

                    if (written < head.Length)
                    {
                        backlogOffset = written;
                        break;
                    }

                    backlog.Dequeue();
                    backlogOffset = 0;
                }
            }
        }
    }
}
