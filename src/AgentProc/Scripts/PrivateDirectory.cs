using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using AgentProc.Platform;

namespace AgentProc.Scripts;

/// <summary>
/// Creates directories only their owner can enter (0700 on Unix), as <c>mkdir -p -m 700</c> would.
/// Each missing component is made with <c>mkdir(2)</c> and the mode, so it is never, even for a
/// moment, open to others. Directories that already exist keep their mode: they may be the user's own.
/// </summary>
internal static class PrivateDirectory
{
    private const int OwnerOnly = 0x1C0; // 0700

    public static void Create(string path)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Directory.CreateDirectory(path);
            return;
        }

        var full = Path.GetFullPath(path).TrimEnd('/');
        if (full.Length == 0 || Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(parent))
        {
            Create(parent!);
        }

        if (UnixNative.MakeDirectory(full, OwnerOnly) != 0)
        {
            var error = Marshal.GetLastWin32Error();

            // Another run made it in the meantime: that is fine, as long as it is a directory.
            if (error != UnixNative.EEXIST || !Directory.Exists(full))
            {
                throw new IOException($"Could not create the directory '{full}': {new Win32Exception(error).Message}", error);
            }
        }
    }
}
