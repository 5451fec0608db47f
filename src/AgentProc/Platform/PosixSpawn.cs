using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// One <c>posix_spawn</c> of the shell, as a session leader with clean signal state: SETSID (the pid is
/// the group id and the session id), SETSIGDEF with every signal (pwsh and .NET ignore SIGPIPE, and a
/// child that inherits that makes <c>yes | head</c> print "Broken pipe") and SETSIGMASK with an empty
/// mask. File actions give stdin <c>/dev/null</c>, stdout and stderr the one output pipe (so they stay
/// in the order written) or each its own, and the working directory. No <c>setsid</c> binary is exec'd.
/// </summary>
internal static class PosixSpawn
{
    private const string DevNull = "/dev/null";

    // Read-only once built, so every start on every thread shares it; it lives as long as the process.
    private static readonly Lazy<IntPtr> SharedAttributes = new(CreateAttributes);

    /// <summary>
    /// Starts <paramref name="argv"/> (argv[0] an absolute path) with <paramref name="outputWrite"/> as
    /// its stdout and <paramref name="errorWrite"/> as its stderr (the same descriptor to merge them; both
    /// numbered 3 or more). Returns the pid. Throws Win32Exception with the error posix_spawn reported:
    /// from the exec, or from the chdir (ENOENT, ENOTDIR, EACCES for the directory).
    /// </summary>
    public static int Start(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string directory, int outputWrite, int errorWrite)
    {
        var actions = Marshal.AllocHGlobal(PosixSpawnNative.OpaqueBytes);
        var initialized = false;
        try
        {
            Check(PosixSpawnNative.ActionsInit(actions), "posix_spawn_file_actions_init");
            initialized = true;
            Check(PosixSpawnNative.ActionsAddOpen(actions, 0, DevNull, PosixSpawnNative.O_RDONLY, 0), "posix_spawn_file_actions_addopen");
            Check(PosixSpawnNative.ActionsAddDup2(actions, outputWrite, 1), "posix_spawn_file_actions_adddup2");
            Check(PosixSpawnNative.ActionsAddDup2(actions, errorWrite, 2), "posix_spawn_file_actions_adddup2");
            Check(PosixSpawnNative.ActionsAddChdir(actions, directory), "posix_spawn_file_actions_addchdir_np");

            using var arguments = NativeStringArray.Create(argv);
            using var environmentBlock = NativeStringArray.FromEnvironment(environment);

            // glibc and musl clone with CLONE_VFORK: this returns once the child has exec'd (or failed
            // to, with the child's errno), so the blocks above may be freed right after.
            var error = PosixSpawnNative.Spawn(out var pid, argv[0], actions, SharedAttributes.Value, arguments.Pointer, environmentBlock.Pointer);
            if (error != 0)
            {
                throw new Win32Exception(error);
            }

            return pid;
        }
        finally
        {
            if (initialized)
            {
                PosixSpawnNative.ActionsDestroy(actions);
            }

            Marshal.FreeHGlobal(actions);
        }
    }

    /// <summary>
    /// Whether this libc has everything the start needs: the SETSID flag (glibc 2.26+) and
    /// addchdir_np (glibc 2.29+). Null when it has, else why not.
    /// </summary>
    public static string? Unsupported()
    {
        try
        {
            _ = SharedAttributes.Value;
        }
        catch (Win32Exception ex)
        {
            return ex.Message;
        }

        var actions = Marshal.AllocHGlobal(PosixSpawnNative.OpaqueBytes);
        try
        {
            if (PosixSpawnNative.ActionsInit(actions) != 0)
            {
                return "posix_spawn_file_actions_init failed";
            }

            try
            {
                return PosixSpawnNative.ActionsAddChdir(actions, "/") == 0 ? null : "posix_spawn_file_actions_addchdir_np failed";
            }
            catch (EntryPointNotFoundException)
            {
                return "the C library has no posix_spawn_file_actions_addchdir_np (glibc 2.29+ has it)";
            }
            finally
            {
                PosixSpawnNative.ActionsDestroy(actions);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(actions);
        }
    }

    private static IntPtr CreateAttributes()
    {
        var attributes = Marshal.AllocHGlobal(PosixSpawnNative.OpaqueBytes);
        var defaults = Marshal.AllocHGlobal(PosixSpawnNative.OpaqueBytes);
        var mask = Marshal.AllocHGlobal(PosixSpawnNative.OpaqueBytes);
        try
        {
            Check(PosixSpawnNative.AttrInit(attributes), "posix_spawnattr_init");

            // An unknown flag is EINVAL: this is where a libc without POSIX_SPAWN_SETSID says so.
            Check(
                PosixSpawnNative.AttrSetFlags(attributes, PosixSpawnNative.POSIX_SPAWN_SETSID | PosixSpawnNative.POSIX_SPAWN_SETSIGDEF | PosixSpawnNative.POSIX_SPAWN_SETSIGMASK),
                "posix_spawnattr_setflags(POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)");
            // Every signal, set bit by bit: sigfillset leaves out the C library's own real-time signals
            // (glibc's 32 and 33), which its posix_spawn then sets to SIG_IGN in the child, and an ignored
            // disposition survives exec. With the bits set, the child's loop (which checks membership,
            // not validity) puts those back to SIG_DFL too. SIGKILL and SIGSTOP it cannot touch: no harm.
            FillBytes(defaults, PosixSpawnNative.OpaqueBytes, 0xFF);
            Check(PosixSpawnNative.SignalSetEmpty(mask), "sigemptyset");

            // The sets are copied into the attributes.
            Check(PosixSpawnNative.AttrSetSignalDefault(attributes, defaults), "posix_spawnattr_setsigdefault");
            Check(PosixSpawnNative.AttrSetSignalMask(attributes, mask), "posix_spawnattr_setsigmask");
            return attributes;
        }
        catch
        {
            Marshal.FreeHGlobal(attributes);
            throw;
        }
        finally
        {
            Marshal.FreeHGlobal(defaults);
            Marshal.FreeHGlobal(mask);
        }
    }

    private static void FillBytes(IntPtr block, int count, byte value)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = value;
        }

        Marshal.Copy(bytes, 0, block, count);
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            // The spawn functions return the error; sigemptyset returns -1 (never, with a valid set).
            throw new Win32Exception(result > 0 ? result : Marshal.GetLastWin32Error(), call + " failed");
        }
    }
}
