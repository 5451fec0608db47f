using System;
using System.Runtime.InteropServices;
using System.Text;
using AgentProc.Output;

namespace AgentProc.Platform;

/// <summary>
/// Re-encodes a child's output from a Windows code page to UTF-8, the one encoding the output buffer,
/// the logs and the line splitter read. cmd.exe and the PowerShell executables write redirected output
/// in their console's code page, which for a console without a window is the system's OEM code page
/// (437, 850, 932, ...), so decoding their bytes as UTF-8 would garble every non-ASCII character.
/// </summary>
/// <remarks>
/// A stateful <see cref="Decoder"/> keeps a double-byte character whose halves arrive in two reads.
/// stdout and stderr are one pipe (<see cref="WindowsStdioPipes"/>), so it sees the bytes in the order
/// the child wrote them; a child that interleaves a double-byte character of one stream with a write
/// to the other is the one case it can garble.
/// </remarks>
internal sealed class CodePageOutputSink : IOutputSink
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly IOutputSink inner;
    private readonly Decoder decoder;
    private readonly object gate = new();
    private char[] chars = new char[4096];
    private byte[] bytes = new byte[4096 * 3];

    public CodePageOutputSink(IOutputSink inner, Encoding source)
    {
        this.inner = inner;
        decoder = source.GetDecoder();
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        lock (gate)
        {
            var needed = decoder.GetCharCount(buffer, offset, count, flush: false);
            if (needed > chars.Length)
            {
                chars = new char[needed];
                bytes = new byte[Utf8.GetMaxByteCount(needed)];
            }

            var decoded = decoder.GetChars(buffer, offset, count, chars, 0, flush: false);
            var encoded = Utf8.GetBytes(chars, 0, decoded, bytes, 0);
            if (encoded > 0)
            {
                inner.Write(bytes, 0, encoded);
            }
        }
    }
}

/// <summary>Which shells' output is re-encoded, and from what.</summary>
internal static class ShellOutputEncoding
{
    /// <summary>
    /// On Windows, <paramref name="sink"/> behind a <see cref="CodePageOutputSink"/> from the OEM code
    /// page for cmd.exe and PowerShell; unchanged elsewhere, for bash (which writes UTF-8), when the
    /// OEM code page is already UTF-8 (65001, Windows' "Use Unicode UTF-8" setting), or when the
    /// runtime has no such code page.
    /// </summary>
    public static IOutputSink Wrap(IOutputSink sink, ShellKind shell)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || shell == ShellKind.Bash)
        {
            return sink;
        }

        return Find(GetOEMCP()) is { } encoding ? new CodePageOutputSink(sink, encoding) : sink;
    }

    /// <summary>The code page's encoding, or null for UTF-8 and for a code page the runtime lacks.</summary>
    internal static Encoding? Find(int codePage)
    {
        if (codePage == 65001)
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(codePage);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            // PowerShell 7 registers the code-page provider; a host that does not gets UTF-8 decoding.
            return null;
        }
    }

    [DllImport("kernel32.dll")]
    private static extern int GetOEMCP();
}
