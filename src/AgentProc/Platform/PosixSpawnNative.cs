using System;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// libc's <c>posix_spawn</c> and what it takes: attributes, file actions and signal sets. The attribute
/// and file-action objects are opaque; callers allocate <see cref="OpaqueBytes"/> for each, which is more
/// than any libc needs (glibc: 336 and 80 bytes, musl less). The spawn functions return an error number
/// instead of setting errno. Strings marshal as UTF-8, the default for <c>string</c> on .NET on Unix
/// (netstandard2.0 cannot name LPUTF8Str).
/// </summary>
internal static class PosixSpawnNative
{
    /// <summary>Room for a posix_spawnattr_t, a posix_spawn_file_actions_t or a sigset_t (glibc: 128 bytes).</summary>
    public const int OpaqueBytes = 1024;

    // Linux values (glibc and musl agree); the spawn path runs only on Linux.
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;

    public const int O_RDONLY = 0;

    [DllImport("libc", EntryPoint = "posix_spawn")]
    public static extern int Spawn(out int pid, string path, IntPtr fileActions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [DllImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static extern int AttrInit(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static extern int AttrDestroy(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static extern int AttrSetFlags(IntPtr attributes, short flags);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static extern int AttrSetSignalDefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static extern int AttrSetSignalMask(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static extern int ActionsInit(IntPtr actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static extern int ActionsDestroy(IntPtr actions);

    /// <summary>mode_t is 32 bits on Linux; an int carries it.</summary>
    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static extern int ActionsAddOpen(IntPtr actions, int fd, string path, int flags, int mode);

    /// <summary>dup2 in the child, which also clears close-on-exec on the target descriptor.</summary>
    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static extern int ActionsAddDup2(IntPtr actions, int fd, int target);

    /// <summary>glibc 2.29+; a missing export throws EntryPointNotFoundException.</summary>
    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static extern int ActionsAddChdir(IntPtr actions, string path);

    [DllImport("libc", EntryPoint = "sigemptyset")]
    public static extern int SignalSetEmpty(IntPtr signals);
}
