using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using AgentProc.Platform;

namespace AgentProc.Scripts;

/// <summary>
/// One run's handle on a script's log file: output bytes are appended as they arrive (so the file
/// can be followed live), plus the runner's own header, warning and end lines. Thread-safe;
/// writes after <see cref="Dispose"/> are dropped, since an abandoned output reader may still
/// deliver a last chunk.
/// </summary>
/// <remarks>
/// <para>The file is bounded: when a write would take it past its size limit, it is renamed to
/// <c>&lt;path&gt;.1</c> (replacing an older one) and a new file is started, so a script's logs never
/// take more than about twice the limit, across all of its runs.</para>
/// <para>A new file is created with mode 0600. On Linux this is atomic: <c>open(2)</c> with
/// <c>O_CREAT|O_WRONLY|O_APPEND|O_CLOEXEC</c> and mode 0600, wrapped in a FileStream; there is no
/// moment when another user could open it. Elsewhere on Unix (macOS, where the variadic
/// <c>open</c> cannot be called through P/Invoke on arm64) the file is created empty, then
/// chmod-ed to 0600 before anything is written, so nothing is ever readable by others even though
/// the empty file briefly is. An existing file keeps its mode. O_CLOEXEC (and .NET's own handles)
/// keep the descriptor out of the script processes started concurrently.</para>
/// </remarks>
internal sealed class ScriptLogFile : IDisposable
{
    private const int OwnerReadWrite = 0x180; // 0600
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The default size limit: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>The smallest limit accepted (64 KiB): a rotation per few lines helps nobody.</summary>
    public const long MinMaxBytes = 64L * 1024;

    /// <summary>The largest limit accepted: 1 TiB.</summary>
    public const long MaxMaxBytes = 1024L * 1024 * 1024 * 1024;

    private readonly object gate = new();
    private readonly long maxBytes;
    private FileStream stream;
    private long size;
    private bool lastWasNewline = true;
    private bool disposed;

    private ScriptLogFile(string path, FileStream stream, long maxBytes)
    {
        Path = path;
        this.stream = stream;
        this.maxBytes = maxBytes;
        size = new FileInfo(path).Length;
    }

    public string Path { get; }

    /// <summary>The rotated file: the previous contents once the limit was reached.</summary>
    public string RotatedPath => RotatedPathOf(Path);

    public static string RotatedPathOf(string path) => path + ".1";

    /// <summary>Opens <paramref name="path"/> for appending, creating it (0600) and its missing directories (0700).</summary>
    public static ScriptLogFile Open(string path, long maxBytes = DefaultMaxBytes)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            PrivateDirectory.Create(directory!);
        }

        return new ScriptLogFile(path, OpenStream(path), maxBytes);
    }

    /// <summary>Appends output bytes exactly as the script wrote them.</summary>
    public void WriteOutput(byte[] buffer, int offset, int count)
    {
        if (count == 0)
        {
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            Append(buffer, offset, count);
        }
    }

    /// <summary>Appends a line of the runner's own, on a line of its own even when the output did not end with a newline.</summary>
    public void WriteLine(string line)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var bytes = Utf8.GetBytes((lastWasNewline ? string.Empty : "\n") + line + "\n");
            Append(bytes, 0, bytes.Length);
        }
    }

    /// <summary>The first write that failed (a full disk...), if any. Later writes are not tried.</summary>
    public IOException? WriteError { get; private set; }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            stream.Dispose();
        }
    }

    // Caller holds the lock. A failing log must not stop the script's output from being read (the
    // reader would stop, the pipe would fill and the script would block), so the error is kept for
    // the run to report and the log is given up.
    private void Append(byte[] buffer, int offset, int count)
    {
        if (WriteError != null || count == 0)
        {
            return;
        }

        try
        {
            if (size > 0 && size + count > maxBytes)
            {
                Rotate();
            }

            stream.Write(buffer, offset, count);
            stream.Flush();
            size += count;
            lastWasNewline = buffer[offset + count - 1] == (byte)'\n';
        }
        catch (IOException ex)
        {
            WriteError = ex;
        }
        catch (UnauthorizedAccessException ex)
        {
            // The rotation could not rename or create the file.
            WriteError = new IOException(ex.Message, ex);
        }
    }

    // Caller holds the lock. The new file is created 0600 like the first; a failure is a write error.
    private void Rotate()
    {
        stream.Dispose();
        var rotated = RotatedPath;
        if (File.Exists(rotated))
        {
            File.Delete(rotated);
        }

        File.Move(Path, rotated);
        stream = OpenStream(Path);
        size = 0;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it 0600 on Unix. On Linux every write goes
    /// to the end (O_APPEND), so two writers of one file never overwrite each other.
    /// </summary>
    internal static FileStream OpenStream(string path)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            var handle = UnixNative.Open(path, UnixNative.LinuxO_WRONLY | UnixNative.LinuxO_CREAT | UnixNative.LinuxO_APPEND | UnixNative.LinuxO_CLOEXEC, OwnerReadWrite);
            if (handle.IsInvalid)
            {
                var error = Marshal.GetLastWin32Error();
                handle.Dispose();
                throw new IOException($"Could not open the log file '{path}': {new Win32Exception(error).Message}", error);
            }

            // With O_APPEND, Linux appends every write at the end, whatever offset .NET's pwrite names.
            // A buffer of 1 byte: each write goes straight to the file, so it can be followed live.
            return new FileStream(handle, FileAccess.Write, 1);
        }

        var created = !File.Exists(path);
        var fallback = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
        if (created && UnixNative.ChangeMode(path, OwnerReadWrite) != 0)
        {
            var error = Marshal.GetLastWin32Error();
            fallback.Dispose();
            throw new IOException($"Could not restrict the log file '{path}' to its owner: {new Win32Exception(error).Message}", error);
        }

        return fallback;
    }
}
