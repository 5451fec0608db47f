using System;
using System.IO;

namespace AgentProc.Tests.Scripts;

/// <summary>Unix permission bits of a path, for tests that check 0600 files and 0700 directories.</summary>
internal static class FileModes
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static UnixFileMode Of(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("Unix modes only") : File.GetUnixFileMode(path);

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Unix modes only");
        }

        File.SetUnixFileMode(path, mode);
    }
}
