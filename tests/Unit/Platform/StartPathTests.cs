using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>What every Unix start path must give a child: its own session and group, clean signal state, the directory, environment and pipes asked for, and real exit codes.</summary>
public sealed class StartPathTests
{
    public static TheoryData<string> Paths => new() { StartPaths.Spawn, StartPaths.Fallback };

    public static TheoryData<string> AllPaths => StartPaths.All;

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_shell_leads_its_own_session_and_process_group(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("exec sleep 300"));
        await RunsSleep(process);

        Assert.Equal(process.ProcessId, UnixNative.GetProcessGroup(process.ProcessId));
        Assert.Equal(process.ProcessId, PidfdNative.GetSessionId(process.ProcessId));
        Assert.NotEqual(PidfdNative.GetSessionId(Environment.ProcessId), process.ProcessId);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_signal_is_at_its_default_and_none_is_blocked_although_this_process_ignores_SIGPIPE(string path)
    {
        // .NET ignores SIGPIPE in its own process: the point is that the child does not inherit that.
        Assert.NotEqual(0UL, SignalMask("/proc/self/status", "SigIgn:") & (1UL << (13 - 1)));

        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("exec sleep 300"));
        await RunsSleep(process);

        var status = $"/proc/{process.ProcessId}/status";
        Assert.Equal(0UL, SignalMask(status, "SigIgn:"));
        Assert.Equal(0UL, SignalMask(status, "SigBlk:"));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_pipeline_whose_reader_stops_early_ends_quietly(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("yes | head -n 2"));
        var output = await process.ReadOutputAsync(wait: true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal("y\ny\n", output.Output);
        Assert.Equal(0, output.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_working_directory_is_the_one_asked_for(string path)
    {
        using var directory = new TempDirectory();
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("pwd -P") { WorkingDirectory = directory.Path });
        var output = await process.ReadOutputAsync(wait: true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal(directory.Path + "\n", output.Output);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_environment_is_exactly_the_one_given(string path)
    {
        var given = new Hashtable
        {
            ["PATH"] = "/usr/bin:/bin",
            ["AGENTPROC_PLAIN"] = "one",
            ["AGENTPROC_SPACES"] = "a b  c",
            ["AGENTPROC_UNICODE"] = "ünï ✓ 日本",
            ["AGENTPROC_EQUALS"] = "x=y=z",
        };
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("exec env") { InheritedEnvironment = given });
        var output = await process.ReadOutputAsync(wait: true, Eventually.DefaultBound, CancellationToken.None);
        var lines = output.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        foreach (DictionaryEntry entry in given)
        {
            Assert.Contains($"{entry.Key}={entry.Value}", lines);
        }

        // Nothing of this process's own environment came along (the shell may add PWD and the like).
        Assert.DoesNotContain(lines, line => line.StartsWith("HOME=", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Stdin_reads_nothing_and_stdout_and_stderr_arrive_together_in_order(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("cat; echo one; echo two >&2; echo three; echo four >&2"));
        var output = await process.ReadOutputAsync(wait: true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal("one\ntwo\nthree\nfour\n", output.Output);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Exit_codes_and_signals_are_reported(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var cases = new (string Command, int Code, string? Signal)[]
        {
            ("exit 3", 3, null),
            ("exit 255", 255, null),
            ("kill -TERM $$", 143, "SIGTERM"),
            ("kill -KILL $$", 137, "SIGKILL"),
            ("kill -SEGV $$", 139, "SIGSEGV"),
        };
        var started = cases.Select(c => manager.Start(new ProcessStartRequest(c.Command))).ToArray();
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True(await started[i].WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
            Assert.Equal(cases[i].Code, started[i].ExitCode);
            Assert.Equal(cases[i].Signal, started[i].Signal);
        }
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task A_group_signal_reaches_every_grandchild(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("sleep 300 & echo pid=$!; sh -c 'sleep 300 & echo pid=$!; wait' & wait"));
        await Eventually.TrueAsync(() => Pids.Parse(process.ReadOutput().Output, "pid=").Length == 2, "both grandchildren report their pids");
        var grandchildren = Pids.Parse(process.ReadOutput().Output, "pid=");

        manager.Signal(process, ProcessSignal.Terminate);

        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal(143, process.ExitCode);
        await Eventually.TrueAsync(() => grandchildren.All(pid => !Pids.IsAlive(pid)), "every grandchild is gone");
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task After_the_shell_exits_its_group_is_still_signalled_while_a_member_runs(string path)
    {
        using var manager = TestManagers.Create(o => o.DrainDelay = TimeSpan.FromMinutes(5), platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("sleep 300 & echo holder=$!; exit 4"));
        await Eventually.Within(process.Child.Exited, "the shell exits");
        await Eventually.TrueAsync(() => Pids.Parse(process.ReadOutput().Output, "holder=").Length == 1, "the holder reports its pid");
        var holder = Pids.Parse(process.ReadOutput().Output, "holder=")[0];
        Assert.True(process.Child.GroupIsAlive);

        Assert.True(process.Child.Signal(ProcessSignal.Kill));

        await Eventually.Within(process.Completion, "the drain ends once the holder is gone");
        Assert.Equal(4, process.ExitCode);

        // The pipe closes as the killed holder exits, a moment before it shows as a zombie.
        await Eventually.TrueAsync(() => !Pids.IsAlive(holder), "the holder is gone");
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task A_group_that_is_gone_is_not_signalled(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("exit 0"));
        await Eventually.Within(process.Completion, "the shell exits");

        Assert.False(process.Child.GroupIsAlive);
        Assert.False(process.Child.Signal(ProcessSignal.Terminate));
    }

    private static async Task RunsSleep(AgentProcess process) =>
        await Eventually.TrueAsync(() => Pids.Command(process.ProcessId) == "sleep", "the shell has exec'd sleep");

    private static ulong SignalMask(string statusFile, string field)
    {
        var line = File.ReadLines(statusFile).First(l => l.StartsWith(field, StringComparison.Ordinal));
        return Convert.ToUInt64(line.Substring(field.Length).Trim(), 16);
    }
}
