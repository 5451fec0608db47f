using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProc.Tests.Infrastructure;

/// <summary>Starts real children below the manager: the engine's <see cref="ChildProcess"/>, or a bare <see cref="Process"/>.</summary>
internal static class Children
{
    public static ChildProcess Start(string command, IOutputSink sink, TimeSpan? drainDelay = null) =>
        Start(command, new OutputSinks(sink), separateStandardError: false, ProcessPlatform.Current, drainDelay);

    /// <summary>With stderr in a pipe (and a sink) of its own, as scripts start, on the given platform.</summary>
    public static ChildProcess StartApart(string command, IOutputSink stdout, IOutputSink stderr, IProcessPlatform platform, TimeSpan? drainDelay = null) =>
        Start(command, new OutputSinks(stdout, stderr), separateStandardError: true, platform, drainDelay);

    /// <summary>On the given platform, with the streams in one pipe or apart.</summary>
    public static ChildProcess Start(string command, OutputSinks sinks, bool separateStandardError, IProcessPlatform platform, TimeSpan? drainDelay = null)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty);
        var info = new ChildStartInfo(command, Directory.GetCurrentDirectory(), environment)
        {
            DrainDelay = drainDelay ?? TimeSpan.FromSeconds(1),
            SeparateStandardError = separateStandardError,
        };
        return ChildProcess.Start(info, platform, sinks, TimeProvider.System, NullLogger.Instance);
    }

    /// <summary><c>/bin/sh -c command</c> with its three streams redirected and stdin closed; stderr stays a pipe of its own.</summary>
    public static Process StartBareShell(string command)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Open file descriptors of this process.</summary>
    public static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>SIGKILL to a pid, ignoring one that is already gone.</summary>
    public static void Kill(int pid) => UnixNative.Kill(pid, (int)ProcessSignal.Kill);

    /// <summary>SIGSTOP (19 on Linux) to a pid, so that it runs nothing until <see cref="Continue"/>.</summary>
    public static void Stop(int pid) => UnixNative.Kill(pid, 19);

    /// <summary>SIGCONT to a pid.</summary>
    public static void Continue(int pid) => UnixNative.Kill(pid, UnixNative.SIGCONT);
}
