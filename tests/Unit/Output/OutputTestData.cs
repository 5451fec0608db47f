using System;
using System.Text;

namespace AgentProc.Tests.Output;

internal static class OutputTestData
{
    public static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

    /// <summary>"line 000001\n", "line 000002\n", ... until at least <paramref name="minBytes"/> bytes (ASCII).</summary>
    public static byte[] NumberedLines(int minBytes)
    {
        var sb = new StringBuilder(minBytes + 16);
        for (int i = 1; sb.Length < minBytes; i++) sb.Append("line ").Append(i.ToString("D6")).Append('\n');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static string Marker(long omitted) => "\n... [omitted " + omitted + " bytes] ...\n";

    public static string Ascii(byte[] bytes, int offset, int count) => Encoding.ASCII.GetString(bytes, offset, count);

    /// <summary>Writes <paramref name="data"/> to the sink in chunks of <paramref name="chunk"/> bytes.</summary>
    public static void WriteInChunks(AgentProc.Output.IOutputSink sink, byte[] data, int chunk)
    {
        for (int i = 0; i < data.Length; i += chunk) sink.Write(data, i, Math.Min(chunk, data.Length - i));
    }
}
