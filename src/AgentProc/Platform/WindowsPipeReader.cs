using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// Reads a child's output pipe on Windows. An anonymous pipe can only be read blocking, so each pipe gets
/// a thread of its own that blocks in ReadFile, for as long as the pipe is open.
/// </summary>
/// <remarks>
/// <para>Abandoning the reader (after the drain delay, or when the process is disposed) completes the
/// reading at once, and nothing more reaches the sink. The blocked read is then cancelled with
/// CancelSynchronousIo from a short-lived thread of its own, retried until the reader has left the read
/// (a cancel that comes just before the read begins finds nothing to cancel). The caller never waits for
/// the cancel: a Windows layer where the call blocks (Wine does) or fails leaves the reader in its read
/// until the last holder of the pipe closes it, at the latest when the job ends.</para>
/// <para>The reader's thread is its own (not a pooled one), so a cancel that comes late can only reach
/// this reader's own reads, never other work.</para>
/// </remarks>
internal sealed class WindowsPipeReader
{
    // A quiet child's reader holds 4 KiB; a read that fills it moves the reader to 32 KiB.
    private const int SmallBufferBytes = 4 * 1024;
    private const int LargeBufferBytes = 32 * 1024;

    // The engine waits 2 s for abandoned readers (ChildProcess.AbandonWait); retrying longer is no use.
    private const int CancelAttempts = 200;
    private const int CancelRetryMilliseconds = 10;

    private readonly SafeFileHandle pipe;
    private readonly IOutputSink sink;
    private readonly CancellationToken abandon;
    private readonly TaskCompletionSource<bool> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Held around each write to the sink and by the abandonment: once abandoned, nothing more is written.
    private readonly object writeGate = new();
    private bool abandoned;

    // The reader thread's handle (for the cancel), set before the abandonment can be seen.
    private SafeThreadHandle? thread;
    private volatile bool finished;

    private WindowsPipeReader(SafeFileHandle pipe, IOutputSink sink, CancellationToken abandon)
    {
        this.pipe = pipe;
        this.sink = sink;
        this.abandon = abandon;
    }

    /// <summary>
    /// Reads <paramref name="pipe"/> into <paramref name="sink"/> until end-of-file or until
    /// <paramref name="abandon"/> is cancelled; completes after the last write, and closes the pipe when
    /// the reader leaves it.
    /// </summary>
    public static Task Start(SafeFileHandle pipe, IOutputSink sink, CancellationToken abandon)
    {
        var reader = new WindowsPipeReader(pipe, sink, abandon);
        if (!BackgroundThreads.TryStart(reader.Run, "agentproc-pipe"))
        {
            // No thread to be had: the pipe is closed, and the child's writes fail instead of blocking it.
            pipe.Dispose();
            return Task.CompletedTask;
        }

        return reader.done.Task;
    }

    // On the reader thread; must not throw (it would end the process).
    private void Run()
    {
        Exception? failure = null;
        try
        {
            thread = OpenCurrentThread();
            using (abandon.Register(OnAbandoned))
            {
                failure = ReadToEnd();
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            finished = true;
            thread?.Dispose();
            pipe.Dispose();
        }

        if (failure is null)
        {
            done.TrySetResult(true);
        }
        else
        {
            done.TrySetException(failure);
        }
    }

    /// <summary>Null at end-of-file or when abandoned; the error when the pipe broke otherwise (what was read is kept).</summary>
    private Exception? ReadToEnd()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SmallBufferBytes);
        try
        {
            while (!abandon.IsCancellationRequested)
            {
                if (!WindowsNative.ReadFile(pipe, buffer, buffer.Length, out var read, IntPtr.Zero))
                {
                    var error = Marshal.GetLastWin32Error();

                    // Broken pipe: every writer closed its end, which is end-of-file. Aborted: abandoned.
                    return error == WindowsNative.ERROR_BROKEN_PIPE || (error == WindowsNative.ERROR_OPERATION_ABORTED && abandon.IsCancellationRequested)
                        ? null
                        : WindowsNative.Failure("ReadFile", error);
                }

                // Zero bytes with success is a writer's zero-byte WriteFile, not end-of-file.
                if (read == 0)
                {
                    continue;
                }

                lock (writeGate)
                {
                    if (abandoned)
                    {
                        return null;
                    }

                    sink.Write(buffer, 0, read);
                }

                if (read == buffer.Length && buffer.Length < LargeBufferBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(LargeBufferBytes);
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // On the thread that cancelled the token: the reading completes now, and the cancel goes elsewhere.
    private void OnAbandoned()
    {
        lock (writeGate)
        {
            abandoned = true;
        }

        done.TrySetResult(true);
        if (!finished)
        {
            BackgroundThreads.TryStart(CancelRead, "agentproc-pipe-cancel");
        }
    }

    private void CancelRead()
    {
        try
        {
            if (thread is not { } handle)
            {
                // No handle to cancel with: the read ends when the last holder of the pipe closes it.
                return;
            }

            for (var attempt = 0; attempt < CancelAttempts && !finished; attempt++)
            {
                if (WindowsNative.CancelSynchronousIo(handle))
                {
                    // Canceled: a retry catches a read that had not begun yet.
                    Thread.Sleep(CancelRetryMilliseconds);
                    continue;
                }

                // Not found: the reader is between reads (it sees the cancellation before the next) or about
                // to enter one (the next attempt cancels it). Any other refusal will not change by retrying.
                if (Marshal.GetLastWin32Error() != WindowsNative.ERROR_NOT_FOUND)
                {
                    return;
                }

                Thread.Sleep(CancelRetryMilliseconds);
            }
        }
        catch (ObjectDisposedException)
        {
            // The reader left and closed its thread handle: nothing left to cancel.
        }
    }

    /// <summary>This thread's handle with the right CancelSynchronousIo needs; null when Windows refuses one (out of handles).</summary>
    private static SafeThreadHandle? OpenCurrentThread()
    {
        var handle = WindowsNative.OpenThread(WindowsNative.THREAD_TERMINATE, inheritHandle: false, WindowsNative.GetCurrentThreadId());
        if (handle.IsInvalid)
        {
            handle.Dispose();
            return null;
        }

        return handle;
    }
}
