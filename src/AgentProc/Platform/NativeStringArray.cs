using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace AgentProc.Platform;

/// <summary>
/// A NULL-terminated array of NUL-terminated UTF-8 strings in one block of unmanaged memory, as
/// <c>argv</c> and <c>envp</c> are passed to posix_spawn. One allocation per array, freed on dispose.
/// </summary>
internal sealed class NativeStringArray : IDisposable
{
    private IntPtr block;

    private NativeStringArray(IntPtr block) => this.block = block;

    /// <summary>The <c>char**</c>; valid until disposed.</summary>
    public IntPtr Pointer => block;

    public static NativeStringArray Create(IReadOnlyList<string> values)
    {
        // The strings are encoded into one pooled buffer and copied out in one go: a start passes an
        // environment of a hundred entries or so, and this runs for every start.
        var bytes = 0;
        for (var i = 0; i < values.Count; i++)
        {
            bytes += Encoding.UTF8.GetByteCount(values[i]) + 1;
        }

        var pointers = (values.Count + 1) * IntPtr.Size;
        var block = Marshal.AllocHGlobal(pointers + bytes);
        var text = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 1));
        try
        {
            var offset = 0;
            for (var i = 0; i < values.Count; i++)
            {
                Marshal.WriteIntPtr(block, i * IntPtr.Size, block + pointers + offset);
                offset += Encoding.UTF8.GetBytes(values[i], 0, values[i].Length, text, offset);
                text[offset++] = 0;
            }

            Marshal.WriteIntPtr(block, values.Count * IntPtr.Size, IntPtr.Zero);
            Marshal.Copy(text, 0, block + pointers, bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }

        return new NativeStringArray(block);
    }

    /// <summary>The environment block: one <c>NAME=value</c> string per entry.</summary>
    public static NativeStringArray FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var entries = new List<string>(environment.Count);
        foreach (var pair in environment)
        {
            entries.Add(pair.Key + "=" + pair.Value);
        }

        return Create(entries);
    }

    public void Dispose()
    {
        if (block != IntPtr.Zero)
        {
            Marshal.FreeHGlobal(block);
            block = IntPtr.Zero;
        }
    }
}
