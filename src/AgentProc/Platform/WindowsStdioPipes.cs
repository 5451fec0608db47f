using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// A child's standard handles on Windows. stdin is a pipe whose write end is closed at once, so a child
/// that reads it sees end-of-file instead of waiting forever. stdout and stderr are one pipe, so they
/// arrive in the order they were written (as on the Linux spawn path).
/// </summary>
/// <remarks>
/// Only the child's two ends are inheritable, and only from <see cref="Create"/> until
/// <see cref="CloseChildEnds"/> right after CreateProcessW: the child gets them through its handle
/// list, and another program that pwsh starts in that moment with every inheritable handle (as .NET's
/// Process does) is the one way they can leak, which a handle list cannot prevent.
/// </remarks>
internal sealed class WindowsStdioPipes : IDisposable
{
    private SafeFileHandle? output;

    private WindowsStdioPipes(SafeFileHandle input, SafeFileHandle output, SafeFileHandle outputWrite)
    {
        ChildInput = input;
        this.output = output;
        ChildOutput = outputWrite;
    }

    /// <summary>The child's stdin: the read end of a pipe nobody writes.</summary>
    public SafeFileHandle ChildInput { get; }

    /// <summary>The child's stdout and stderr: the write end of the output pipe.</summary>
    public SafeFileHandle ChildOutput { get; }

    /// <summary>Throws Win32Exception naming the call that failed, having closed what it made.</summary>
    public static WindowsStdioPipes Create()
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

        var pipes = new WindowsStdioPipes(input, output, outputWrite);
        try
        {
            MakeInheritable(input);
            MakeInheritable(outputWrite);
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
    }

    /// <summary>The output pipe's read end, handed to its reader (null once taken).</summary>
    public SafeFileHandle? TakeOutput() => System.Threading.Interlocked.Exchange(ref output, null);

    public void Dispose()
    {
        CloseChildEnds();
        TakeOutput()?.Dispose();
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
