using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// A child started by <see cref="PosixSpawn"/> (Linux): one pipe for its stdout and stderr (or one each,
/// with <see cref="ChildStartInfo.SeparateStandardError"/>), read by the shared poller, and a pidfd
/// watched by the same poller, so the exit is seen the moment the kernel records it, with no thread per
/// child and no polling interval.
/// </summary>
/// <remarks>
/// .NET does not reap this child: System.Native reaps only the pids that <c>Process</c> started, unless
/// SIGCHLD was ignored when the runtime started or the process is PID 1 (then it reaps every child, and
/// this one's status reads -1). That is also why no <c>Process</c> object is involved.
/// </remarks>
internal sealed class SpawnedProcess : IStartedProcess
{
    private const int ENOTDIR = 20;
    private const int EACCES = 13;

    private readonly Outcome<int> exit = new();
    private readonly SpawnedGroup group;
    private readonly UnixPipePoller poller;
    private FileDescriptorHandle? output;
    private FileDescriptorHandle? error;

    // The exit watch, until the poller has it: it is handed over with the output reader (one wake-up
    // of the poller for both), or alone if the output is never read.
    private ExitWatch? pendingWatch;
    private long exitRecordedAt;

    private SpawnedProcess(int pid, SpawnedGroup group, UnixPipePoller poller, FileDescriptorHandle output, FileDescriptorHandle? error)
    {
        Pid = pid;
        this.group = group;
        this.poller = poller;
        this.output = output;
        this.error = error;
    }

    public int Pid { get; }

    public IProcessGroup Group => group;

    public Task<int> Exit => exit.Task;

    public void OnExit(Action<int> observer) => exit.Observe(observer);

    public long ExitRecordedAt => Interlocked.Read(ref exitRecordedAt);

    /// <summary>
    /// Spawns <paramref name="argv"/> (argv[0] an absolute path) as <paramref name="info"/> says and starts
    /// watching its exit. <paramref name="signalGroupsThroughPidfd"/>: use PIDFD_SIGNAL_PROCESS_GROUP where
    /// the kernel has it (false only in tests of the older kernels' rule).
    /// </summary>
    public static SpawnedProcess Start(IReadOnlyList<string> argv, ChildStartInfo info, bool signalGroupsThroughPidfd = true)
    {
        var poller = UnixPipePoller.Shared ?? throw new IOException("The output poller could not start: the OS refused its pipe or thread.");
        var readEnd = CreateOutputPipe(out var writeEnd);
        FileDescriptorHandle? errorReadEnd = null;
        FileDescriptorHandle? errorWriteEnd = null;
        int pid;
        try
        {
            try
            {
                if (info.SeparateStandardError)
                {
                    errorReadEnd = CreateOutputPipe(out var errorWrite);
                    errorWriteEnd = errorWrite;
                }

                pid = PosixSpawn.Start(argv, info.Environment, info.WorkingDirectory, writeEnd.Fd, (errorWriteEnd ?? writeEnd).Fd);
            }
            finally
            {
                // Ours are closed at once: end-of-file then comes when the child and all it started close theirs.
                writeEnd.Dispose();
                errorWriteEnd?.Dispose();
            }
        }
        catch (Win32Exception ex)
        {
            readEnd.Dispose();
            errorReadEnd?.Dispose();
            var code = ex.NativeErrorCode;
            if ((code == UnixNative.ENOENT || code == ENOTDIR || code == EACCES) && !Directory.Exists(info.WorkingDirectory))
            {
                // The chdir failed: the directory went away after it was checked.
                throw Errors.EngineErrors.WorkingDirectoryNotFound(info.WorkingDirectory);
            }

            throw;
        }
        catch
        {
            readEnd.Dispose();
            errorReadEnd?.Dispose();
            throw;
        }

        var pidfd = OpenPidfd(pid, readEnd, errorReadEnd);
        var started = new SpawnedProcess(pid, new SpawnedGroup(pid, pidfd, signalGroupsThroughPidfd && SpawnedGroup.KernelHasGroupSignals), poller, readEnd, errorReadEnd);
        if (pidfd is null)
        {
            // Reaped by someone else before the pidfd could be opened: gone, status unknown.
            started.RecordExit(ExitCodes.Unknown);
        }
        else
        {
            started.pendingWatch = new ExitWatch(pidfd, () => started.OnExit(pidfd));
        }

        return started;
    }

    public Task ReadOutput(OutputSinks sinks, CancellationToken abandon)
    {
        var readEnd = Interlocked.Exchange(ref output, null);
        var errorReadEnd = Interlocked.Exchange(ref error, null);
        var watch = Interlocked.Exchange(ref pendingWatch, null);
        var reading = readEnd is null
            ? null
            : errorReadEnd is null
                ? UnixPipeReader.TryStart(new SafeHandle[] { readEnd }, new[] { sinks.Stdout }, abandon, watch)
                : UnixPipeReader.TryStart(new SafeHandle[] { readEnd, errorReadEnd }, new[] { sinks.Stdout, sinks.Stderr }, abandon, watch);
        if (reading is null)
        {
            // Read before, or the handle was disposed: nothing left to read, but the exit is still watched.
            readEnd?.Dispose();
            errorReadEnd?.Dispose();
            WatchAlone(watch);
            return Task.CompletedTask;
        }

        return reading;
    }

    public void Dispose()
    {
        // Watched before the group lets go of the pidfd, so that the child is reaped whatever happens.
        WatchAlone(Interlocked.Exchange(ref pendingWatch, null));
        group.Dispose();
        Interlocked.Exchange(ref output, null)?.Dispose();
        Interlocked.Exchange(ref error, null)?.Dispose();
    }

    private void WatchAlone(ExitWatch? watch)
    {
        if (watch != null)
        {
            poller.Watch(watch);
        }
    }

    /// <summary>The pipe's read end; <paramref name="writeEnd"/> is numbered 3 or more, so the file actions that set up 0, 1 and 2 cannot clobber it.</summary>
    private static FileDescriptorHandle CreateOutputPipe(out FileDescriptorHandle writeEnd)
    {
        if (!UnixPipeNative.TryCreateCloseOnExecPipe(out var read, out var write))
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), "pipe2 failed");
        }

        var readEnd = new FileDescriptorHandle(read);
        if (write < 3)
        {
            // Only when pwsh runs with a standard descriptor closed. dup2(1, 1) would keep close-on-exec.
            var moved = PidfdNative.DuplicateAboveStandard(write);
            var errno = Marshal.GetLastWin32Error();
            UnixPipeNative.Close(write);
            if (moved < 0)
            {
                readEnd.Dispose();
                throw new Win32Exception(errno, "fcntl(F_DUPFD_CLOEXEC) failed");
            }

            write = moved;
        }

        writeEnd = new FileDescriptorHandle(write);
        return readEnd;
    }

    /// <summary>The child's pidfd; null when it was already reaped elsewhere. Throws (having ended the child) when none can be had.</summary>
    private static FileDescriptorHandle? OpenPidfd(int pid, FileDescriptorHandle readEnd, FileDescriptorHandle? errorReadEnd)
    {
        var fd = PidfdNative.PidfdOpen(pid);
        if (fd >= 0)
        {
            return new FileDescriptorHandle(fd);
        }

        var errno = Marshal.GetLastWin32Error();
        if (errno == UnixNative.ESRCH)
        {
            return null;
        }

        // Out of descriptors, most likely. A child whose exit nobody would see must not run on: the pid
        // is still ours (not reaped), so it is safe to kill and reap by number.
        UnixNative.Kill(pid, (int)ProcessSignal.Kill);
        PidfdNative.WaitId(PidfdNative.P_PID, pid, new int[PidfdNative.SigInfoInts], PidfdNative.WEXITED);
        readEnd.Dispose();
        errorReadEnd?.Dispose();
        throw new Win32Exception(errno, "pidfd_open failed");
    }

    private void RecordExit(int code)
    {
        Interlocked.Exchange(ref exitRecordedAt, Stopwatch.GetTimestamp());
        exit.TrySet(code);
    }

    // On the poller thread.
    private void OnExit(FileDescriptorHandle pidfd)
    {
        var code = ExitCodes.Unknown;
        try
        {
            code = group.ReapLeader(pidfd);
        }
        finally
        {
            RecordExit(code);
        }
    }
}
