using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// A child's standard handles on Windows. stdin is a pipe whose write end is closed at once, so a child
/// that reads it sees end-of-file instead of waiting forever. stdout and stderr are one pipe, so they
/// arrive in the order they were written (as on the Linux spawn path), or each its own when the start
/// asks for them apart (scripts, so each line can say which stream it came from).
/// </summary>
/// <remarks>
/// Only the child's ends are inheritable, and only from <see cref="Create"/> until
/// <see cref="CloseChildEnds"/> right after CreateProcessW: the child gets them through its handle
/// list, and another program that pwsh starts in that moment with every inheritable handle (as .NET's
/// Process does) is the one way they can leak, which a handle list cannot prevent.
/// </remarks>
internal sealed class WindowsStdioPipes : IDisposable
{
    private SafeFileHandle? output;
    private SafeFileHandle? error;

    private WindowsStdioPipes(SafeFileHandle input, SafeFileHandle output, SafeFileHandle outputWrite, SafeFileHandle? error, SafeFileHandle? errorWrite)
    {
        ChildInput = input;
        this.output = output;
        ChildOutput = outputWrite;
        this.error = error;
        ChildError = errorWrite ?? outputWrite;
    }

    /// <summary>The child's stdin: the read end of a pipe nobody writes.</summary>
    public SafeFileHandle ChildInput { get; }

    /// <summary>The child's stdout (and stderr, unless it has its own): the write end of the output pipe.</summary>
    public SafeFileHandle ChildOutput { get; }

    /// <summary>The child's stderr: the write end of the error pipe, or <see cref="ChildOutput"/> when they share one.</summary>
    public SafeFileHandle ChildError { get; }

    /// <summary>The handles the child inherits, each once.</summary>
    public IntPtr[] ChildHandles => ReferenceEquals(ChildError, ChildOutput)
        ? new[] { ChildInput.DangerousGetHandle(), ChildOutput.DangerousGetHandle() }
        : new[] { ChildInput.DangerousGetHandle(), ChildOutput.DangerousGetHandle(), ChildError.DangerousGetHandle() };

    /// <summary>
    /// With <paramref name="separateStandardError"/>, stderr gets a pipe of its own. Throws Win32Exception
    /// naming the call that failed, having closed what it made.
    /// </summary>
    public static WindowsStdioPipes Create(bool separateStandardError = false)
    {
        var (input, inputWrite) = CreatePipe();

        // Nobody writes the child's stdin: closing our end now is what makes it read end-of-file.
        inputWrite.Dispose();
        SafeFileHandle output;
        SafeFileHandle outputWrite;
        try
        {
            (output, outputWrite) = CreatePipe();
        }
        catch
        {
            input.Dispose();
            throw;
        }

        SafeFileHandle? error = null;
        SafeFileHandle? errorWrite = null;
        if (separateStandardError)
        {
            try
            {
                (error, errorWrite) = CreatePipe();
            }
            catch
            {
                input.Dispose();
                output.Dispose();
                outputWrite.Dispose();
                throw;
            }
        }

        var pipes = new WindowsStdioPipes(input, output, outputWrite, error, errorWrite);
        try
        {
            MakeInheritable(input);
            MakeInheritable(outputWrite);
            if (errorWrite != null)
            {
                MakeInheritable(errorWrite);
            }

            return pipes;
        }
        catch
        {
            pipes.Dispose();
            throw;
        }
    }

    /// <summary>Closes the child's ends in this process: end-of-file on the output pipe then comes when the child and all it started close theirs.</summary>
    public void CloseChildEnds()
    {
        ChildInput.Dispose();
        ChildOutput.Dispose();
        ChildError.Dispose();
    }

    /// <summary>The output pipe's read end, handed to its reader (null once taken).</summary>
    public SafeFileHandle? TakeOutput() => System.Threading.Interlocked.Exchange(ref output, null);

    /// <summary>The error pipe's read end (null once taken, or when stderr shares the output pipe).</summary>
    public SafeFileHandle? TakeError() => System.Threading.Interlocked.Exchange(ref error, null);

    public void Dispose()
    {
        CloseChildEnds();
        TakeOutput()?.Dispose();
        TakeError()?.Dispose();
    }

    private static (SafeFileHandle Read, SafeFileHandle Write) CreatePipe()
    {
        // No security attributes: both ends are made non-inheritable, and the child's end is opened up alone.
        if (!WindowsNative.CreatePipe(out var read, out var write, IntPtr.Zero, 0))
        {
            var error = Marshal.GetLastWin32Error();
            read.Dispose();
            write.Dispose();
            throw WindowsNative.Failure("CreatePipe", error);
        }

        return (read, write);
    }

    private static void MakeInheritable(SafeFileHandle handle)
    {
        if (!WindowsNative.SetHandleInformation(handle, WindowsNative.HANDLE_FLAG_INHERIT, WindowsNative.HANDLE_FLAG_INHERIT))
        {
            throw WindowsNative.Failure("SetHandleInformation", Marshal.GetLastWin32Error());
        }
    }
}
