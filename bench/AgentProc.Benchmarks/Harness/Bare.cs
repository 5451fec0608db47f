using System;
using System.Diagnostics;
using AgentProc.Processes;

namespace AgentProc.Benchmarks.Harness;

/// <summary>The baselines: <see cref="Process"/> used directly, with nothing of the engine.</summary>
internal static class Bare
{
    public const string Sh = "/bin/sh";
    public const string Setsid = "/usr/bin/setsid";

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
    /// What the engine launches, without the engine: <c>setsid /bin/sh -c "exec 2&gt;&amp;1; command"</c>
    /// with all three streams redirected and stdin closed at once. The floor of the engine's design.
    /// </summary>
    public static ProcessStartInfo SetsidShellInfo(string command)
    {
        var info = new ProcessStartInfo(Setsid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Sh);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec 2>&1\n" + command);
        return info;
    }

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
