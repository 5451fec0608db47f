using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using AgentProc.Platform;
using AgentProc.Processes;

namespace AgentProc.Benchmarks.Harness;

/// <summary>The baselines: <see cref="Process"/> used directly, with nothing of the engine.</summary>
internal static class Bare
{
    public const string Sh = "/bin/sh";

    /// <summary><c>/bin/sh -c command</c> with stdout and stderr redirected (stdin inherited), as the issue defines the floor.</summary>
    public static ProcessStartInfo ShellInfo(string command)
    {
        var info = new ProcessStartInfo(Sh)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        return info;
    }

    /// <summary>
    /// The floor of the engine's spawn path: one <c>posix_spawn</c> of <c>/bin/sh -c "exec 2&gt;&amp;1; command"</c>
    /// with the engine's attributes (session leader, default signals, empty mask), stdin /dev/null,
    /// stdout and stderr on one pipe and the given environment, then a blocking <c>waitid</c>: no
    /// pidfd, no poller, no reader, no engine.
    /// </summary>
    public static void SpawnToExit(string command, IReadOnlyDictionary<string, string> environment)
    {
        if (!UnixPipeNative.TryCreateCloseOnExecPipe(out var read, out var write))
        {
            throw new InvalidOperationException("pipe2 failed.");
        }

        int pid;
        try
        {
            pid = PosixSpawn.Start(new[] { Sh, "-c", PosixShellScript.For(command) }, environment, System.Environment.CurrentDirectory, write, write);
        }
        finally
        {
            UnixPipeNative.Close(write);
        }

        var info = new int[PidfdNative.SigInfoInts];
        var waited = PidfdNative.WaitId(PidfdNative.P_PID, pid, info, PidfdNative.WEXITED);
        UnixPipeNative.Close(read);
        if (waited != 0 || SpawnedGroup.ExitCodeOf(info[PidfdNative.SiCode], info[PidfdNative.SiStatus]) != 0)
        {
            throw new InvalidOperationException($"posix_spawn of `{command}` did not exit with 0.");
        }
    }

    /// <summary>This process's environment as the spawn floor takes it (built once, outside the timing).</summary>
    public static IReadOnlyDictionary<string, string> Environment() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty);

    /// <summary>Starts and reaps one process; returns nothing, throws if it failed.</summary>
    public static void RunToExit(ProcessStartInfo info)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null.");
        if (info.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}.");
        }
    }

    /// <summary>An engine with the defaults a session gets.</summary>
    public static ProcessManager Manager() => new(new ProcessManagerOptions());
}
