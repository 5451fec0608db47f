using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// Reads a child's output pipe on Windows. An anonymous pipe cannot be read asynchronously, so a reader
/// thread (<see cref="PipeReaderThreads"/>) blocks in ReadFile; abandoning it after the drain delay
/// cancels that read with CancelSynchronousIo, retried until the thread has left the read (a cancel that
/// comes just before the read begins finds nothing to cancel).
/// </summary>
internal sealed class WindowsPipeReader
{
    // A quiet child's reader holds 4 KiB; a read that fills it moves the reader to 32 KiB.
    private const int SmallBufferBytes = 4 * 1024;
    private const int LargeBufferBytes = 32 * 1024;

    // The engine waits 2 s for abandoned readers (ChildProcess.AbandonWait); retrying longer is no use.
    private const int CancelAttempts = 200;
    private static readonly TimeSpan CancelRetry = TimeSpan.FromMilliseconds(10);

    private readonly SafeFileHandle pipe;
    private readonly IOutputSink sink;
    private readonly CancellationToken abandon;
    private readonly TaskCompletionSource<bool> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Held while a cancel is issued, and by the reader when it leaves: a cancel can then never reach
    // the next work the pooled thread takes on.
    private readonly object gate = new();
    private SafeThreadHandle? thread;
    private bool finished;

    private WindowsPipeReader(SafeFileHandle pipe, IOutputSink sink, CancellationToken abandon)
    {
        this.pipe = pipe;
        this.sink = sink;
        this.abandon = abandon;
    }

    /// <summary>
    /// Reads <paramref name="pipe"/> into <paramref name="sink"/> until end-of-file or until
    /// <paramref name="abandon"/> is cancelled; completes after the last write, with the pipe closed.
    /// </summary>
    public static Task Start(SafeFileHandle pipe, IOutputSink sink, CancellationToken abandon)
    {
        var reader = new WindowsPipeReader(pipe, sink, abandon);
        if (!PipeReaderThreads.TryRun(reader.Run))
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
            using (abandon.Register(() => _ = CancelReadAsync()))
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
            lock (gate)
            {
                finished = true;
            }

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

                sink.Write(buffer, 0, read);
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

    private async Task CancelReadAsync()
    {
        for (var attempt = 0; attempt < CancelAttempts; attempt++)
        {
            if (!TryCancelRead())
            {
                return;
            }

            await Task.Delay(CancelRetry).ConfigureAwait(false);
        }
    }

    /// <summary>False when there is nothing more to do: the reader left, or its read cannot be cancelled.</summary>
    private bool TryCancelRead()
    {
        lock (gate)
        {
            if (finished || thread is null)
            {
                // No thread handle: the read ends at end-of-file, when the last holder of the pipe closes it.
                return false;
            }

            if (WindowsNative.CancelSynchronousIo(thread))
            {
                return true;
            }

            // Not found: the reader is between reads (it sees the cancellation before the next) or about
            // to enter one (the next attempt cancels it). Any other refusal will not change by retrying.
            return Marshal.GetLastWin32Error() == WindowsNative.ERROR_NOT_FOUND;
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
