using System;
using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Platform;
using Microsoft.Extensions.Logging;

namespace AgentProc.Processes;

/// <summary>
/// Launches one child through the platform shell and supervises it to its end: reads the raw output
/// pipes into a sink, notices the exit, drains for a bounded delay, and reports how it ended.
/// </summary>
/// <remarks>
/// <para>Why not <c>Process.WaitForExit</c> or <c>BeginOutputReadLine</c>: with redirected output they
/// wait for the pipes to close, so a grandchild that inherited stdout hangs them forever
/// (dotnet/runtime 29232, 51277), and the timed overload can return before the handlers ran (51641).
/// So the exit comes from the <see cref="Process.Exited"/> event, the pipes are read here, and after
/// the exit the readers get <see cref="ChildStartInfo.DrainDelay"/> to reach end-of-file before they
/// are abandoned, as Go's <c>exec.Cmd.WaitDelay</c> does.</para>
/// <para>On Unix the pipes are read with poll(2) and read(2) (<see cref="UnixPipeReader"/>): .NET's
/// asynchronous pipe reads cost several thread-pool hops per read there. Elsewhere, or when that reader
/// cannot start, each stream gets an asynchronous pump.</para>
/// <para><see cref="Completion"/> completes only after the last byte was handed to the sink, so a
/// reader who sees the exit sees all of the output.</para>
/// </remarks>
internal sealed class ChildProcess : IDisposable
{
    // The async pump (where the Unix pipe reader cannot serve) starts small, so a quiet process holds
    // 4 KiB, and moves to 32 KiB once a read fills the small buffer.
    private const int SmallBufferBytes = 4 * 1024;
    private const int LargeBufferBytes = 32 * 1024;

    // After the drain delay the reads are cancelled; this bounds the wait for them to notice.
    private static readonly TimeSpan AbandonWait = TimeSpan.FromSeconds(2);

    private readonly Process process;
    private readonly IProcessGroup group;
    private readonly IOutputSink sink;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TimeSpan drainDelay;
    private readonly TaskCompletionSource<bool> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource readCancel = new();
    private int disposed;

    private ChildProcess(Process process, IProcessGroup group, IOutputSink sink, TimeProvider time, ILogger logger, TimeSpan drainDelay)
    {
        this.process = process;
        this.group = group;
        this.sink = sink;
        this.time = time;
        this.logger = logger;
        this.drainDelay = drainDelay;
        Pid = process.Id;
        StartedAt = time.GetUtcNow();
    }

    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes when the process has exited and its output was drained (or abandoned).</summary>
    public Task<ChildExit> Completion { get; private set; } = null!;

    /// <summary>Completes as soon as the process itself has exited, before the drain.</summary>
    public Task Exited => exited.Task;

    /// <summary>Whether any process of the child's group is still alive (the child or a descendant).</summary>
    public bool GroupIsAlive => group.IsAlive;

    /// <summary>Starts <paramref name="info"/>'s command. Throws Win32Exception/IOException when the OS refuses.</summary>
    public static ChildProcess Start(ChildStartInfo info, IProcessPlatform platform, IOutputSink sink, TimeProvider time, ILogger logger)
    {
        // Windows shells write in the OEM code page; the buffer reads UTF-8.
        sink = Platform.ShellOutputEncoding.Wrap(sink, info.Shell);
        var startInfo = info.Arguments is { } arguments
            ? platform.CreateProgramStartInfo(info.Command, arguments)
            : platform.CreateStartInfo(info.Command, info.Shell);
        startInfo.WorkingDirectory = info.WorkingDirectory;

        // Our environment, not .NET's idea of it: pwsh's $env: edits live in .NET's copy, and the
        // session defaults and per-call entries were merged in by the caller.
        startInfo.Environment.Clear();
        foreach (var pair in info.Environment)
        {
            startInfo.Environment[pair.Key] = pair.Value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        ChildProcess? child = null;
        process.Exited += (_, _) => child?.exited.TrySetResult(true);
        if (!process.Start())
        {
            throw new Win32Exception("The process did not start.");
        }

        // stdin is closed at once: a child that reads it sees end-of-file instead of waiting forever.
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child already exited and closed its end; nothing to close.
        }

        var group = platform.AttachGroup(process);
        child = new ChildProcess(process, group, sink, time, logger, info.DrainDelay);

        // Should this process die without closing its sessions, the watchdog ends the group.
        GroupWatchdog.Shared.Track(child.Pid, info.GracePeriod);

        // The Exited event may have fired before `child` was assigned; HasExited settles that race.
        if (process.HasExited)
        {
            child.exited.TrySetResult(true);
        }

        child.Completion = child.SuperviseAsync(child.StartReaders(process.StandardOutput.BaseStream, process.StandardError.BaseStream));
        logger.LogDebug("Started pid {Pid}: {Command}", child.Pid, info.Command);
        return child;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the child's whole group, then SIGCONT, so that a stopped
    /// (SIGSTOP, Ctrl+Z) group acts on it as `kill` users and supervisors expect. False when nothing
    /// is left to signal.
    /// </summary>
    public bool Signal(ProcessSignal signal)
    {
        logger.LogDebug("Sending {Signal} to the group of pid {Pid}", signal, Pid);
        var sent = group.Signal(signal);
        if (sent && SignalNames.EndsProcess(signal))
        {
            group.Continue();
        }

        return sent;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        readCancel.Cancel();
        GroupWatchdog.Shared.Untrack(Pid);
        group.Dispose();
        process.Dispose();
    }

    /// <summary>
    /// Both pipes through the Unix pipe reader, or an async pump per stream where it cannot serve
    /// (Windows, .NET Framework: the streams are not pipe streams there).
    /// </summary>
    private Task StartReaders(Stream stdout, Stream stderr)
    {
        return UnixPipeReader.TryStart(new[] { stdout, stderr }, sink, readCancel.Token)
            ?? Task.WhenAll(PumpAsync(stdout), PumpAsync(stderr));
    }

    private async Task PumpAsync(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SmallBufferBytes);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, 0, buffer.Length, readCancel.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                sink.Write(buffer, 0, read);
                if (read == buffer.Length && buffer.Length < LargeBufferBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(LargeBufferBytes);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Abandoned after the drain delay, or the pipe broke: what was read is kept.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            stream.Dispose();
        }
    }

    private async Task<ChildExit> SuperviseAsync(Task readers)
    {
        await exited.Task.ConfigureAwait(false);
        var exitedAt = time.GetUtcNow();
        var exitCode = ReadExitCode();

        var pipesLeftOpen = false;
        if (!readers.IsCompleted)
        {
            // The delay's timer is cancelled when the readers finish first (the usual case), so a
            // thousand exits do not leave a thousand timers queued for the next five seconds.
            using var delayCancel = new CancellationTokenSource();
            var first = await Task.WhenAny(readers, Task.Delay(drainDelay, delayCancel.Token)).ConfigureAwait(false);
            delayCancel.Cancel();
            if (first != readers)
            {
                pipesLeftOpen = true;
                readCancel.Cancel();
                using var abandonCancel = new CancellationTokenSource();
                await Task.WhenAny(readers, Task.Delay(AbandonWait, abandonCancel.Token)).ConfigureAwait(false);
                abandonCancel.Cancel();
                logger.LogDebug("Pid {Pid} exited but its output pipe was still held open after {Delay}; stopped reading", Pid, drainDelay);
            }
        }

        logger.LogDebug("Pid {Pid} exited with code {ExitCode}", Pid, exitCode);
        return new ChildExit(exitCode, exitedAt, pipesLeftOpen);
    }

    private int ReadExitCode()
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            // The status was reaped elsewhere (pwsh as PID 1 in a container, dotnet/runtime 33297).
            return ExitCodes.Unknown;
        }
    }
}
