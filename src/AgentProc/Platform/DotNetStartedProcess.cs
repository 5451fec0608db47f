using System;
using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// A child started with <see cref="Process"/>, on Unix where the spawn path cannot serve (macOS, an old
/// kernel or C library, or forced by <c>AGENTPROC_START_PATH=fallback</c>). Windows has its own start
/// (<see cref="WindowsStartedProcess"/>).
/// </summary>
/// <remarks>
/// <para>Why not <c>Process.WaitForExit</c> or <c>BeginOutputReadLine</c>: with redirected output they
/// wait for the pipes to close, so a grandchild that inherited stdout hangs them forever
/// (dotnet/runtime 29232, 51277), and the timed overload can return before the handlers ran (51641).
/// So the exit comes from the <see cref="Process.Exited"/> event and the pipes are read here.</para>
/// <para>On Unix the pipes are read with poll(2) and read(2) (<see cref="UnixPipeReader"/>): .NET's
/// asynchronous pipe reads cost several thread-pool hops per read there. Elsewhere, or when that reader
/// cannot start, each stream gets an asynchronous pump.</para>
/// </remarks>
internal sealed class DotNetStartedProcess : IStartedProcess
{
    // The async pump (where the Unix pipe reader cannot serve) starts small, so a quiet process holds
    // 4 KiB, and moves to 32 KiB once a read fills the small buffer.
    private const int SmallBufferBytes = 4 * 1024;
    private const int LargeBufferBytes = 32 * 1024;

    private readonly Process process;
    private readonly Outcome<int> exit = new();
    private long exitRecordedAt;

    private DotNetStartedProcess(Process process, IProcessGroup group)
    {
        this.process = process;
        Group = group;
        Pid = process.Id;
    }

    public int Pid { get; }

    public IProcessGroup Group { get; }

    public Task<int> Exit => exit.Task;

    public void OnExit(Action<int> observer) => exit.Observe(observer);

    public long ExitRecordedAt => Interlocked.Read(ref exitRecordedAt);

    /// <summary>
    /// Starts <paramref name="startInfo"/> (all three streams redirected) in <paramref name="info"/>'s
    /// directory with exactly its environment, closes stdin at once, and takes hold of the group.
    /// </summary>
    public static DotNetStartedProcess Start(ProcessStartInfo startInfo, ChildStartInfo info, Func<Process, IProcessGroup> attachGroup)
    {
        startInfo.WorkingDirectory = info.WorkingDirectory;

        // Our environment, not .NET's idea of it: pwsh's $env: edits live in .NET's copy, and the
        // session defaults and per-call entries were merged in by the caller.
        startInfo.Environment.Clear();
        foreach (var pair in info.Environment)
        {
            startInfo.Environment[pair.Key] = pair.Value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        DotNetStartedProcess? started = null;
        process.Exited += (_, _) => started?.OnExited();
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

        started = new DotNetStartedProcess(process, attachGroup(process));

        // The Exited event may have fired before `started` was assigned; HasExited settles that race.
        if (process.HasExited)
        {
            started.OnExited();
        }

        return started;
    }

    public Task ReadOutput(OutputSinks sinks, CancellationToken abandon)
    {
        // Always two pipes here: when the streams are merged, the shell line's `exec 2>&1` (or
        // cmd's own handling) leaves stderr's pipe silent, and its sink is then stdout's.
        var stdout = process.StandardOutput.BaseStream;
        var stderr = process.StandardError.BaseStream;
        return UnixPipeReader.TryStart(new[] { stdout, stderr }, new[] { sinks.Stdout, sinks.Stderr }, abandon)
            ?? Task.WhenAll(PumpAsync(stdout, sinks.Stdout, abandon), PumpAsync(stderr, sinks.Stderr, abandon));
    }

    public void Dispose()
    {
        Group.Dispose();
        process.Dispose();
    }

    private static async Task PumpAsync(Stream stream, IOutputSink sink, CancellationToken abandon)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SmallBufferBytes);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, 0, buffer.Length, abandon).ConfigureAwait(false);
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

    private void OnExited()
    {
        int code;
        try
        {
            code = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            // The status was reaped elsewhere (pwsh as PID 1 in a container, dotnet/runtime 33297).
            code = ExitCodes.Unknown;
        }

        if (Interlocked.CompareExchange(ref exitRecordedAt, Stopwatch.GetTimestamp(), 0) == 0)
        {
            exit.TrySet(code);
        }
    }
}
