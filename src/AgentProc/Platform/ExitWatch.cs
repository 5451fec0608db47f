using System;

namespace AgentProc.Platform;

/// <summary>
/// A pidfd that the shared <see cref="UnixPipePoller"/> watches beside the output pipes: it turns
/// readable the moment its process exits, and the poller then runs the callback once, on its thread.
/// No thread waits and nothing polls on a timer, so the exit is seen as soon as the kernel records it.
/// </summary>
internal sealed class ExitWatch
{
    private readonly HeldDescriptor pidfd;
    private readonly Action exited;

    /// <param name="pidfd">The process's pidfd; held (not closed) from <see cref="TryHold"/> until the callback has run.</param>
    /// <param name="exited">Runs on the poller thread: must be quick and must not block on other threads.</param>
    public ExitWatch(FileDescriptorHandle pidfd, Action exited)
    {
        this.pidfd = new HeldDescriptor(pidfd);
        this.exited = exited;
    }

    /// <summary>The descriptor while held; -1 before and after.</summary>
    internal int Fd => pidfd.Fd;

    /// <summary>Takes a reference on the pidfd so it stays open while polled. False when it was already closed.</summary>
    internal bool TryHold() => pidfd.TryHold();

    /// <summary>The process exited: runs the callback, then lets go of the pidfd. On the poller thread only.</summary>
    internal void Fire()
    {
        try
        {
            exited();
        }
        finally
        {
            pidfd.Release();
        }
    }
}
