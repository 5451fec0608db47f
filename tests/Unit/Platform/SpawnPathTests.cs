using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>The posix_spawn + pidfd start path: what it hands the child, how it sees the exit, and how it chooses itself.</summary>
public sealed class SpawnPathTests
{
    [Fact]
    public async Task The_child_gets_dev_null_for_stdin_one_pipe_for_stdout_and_stderr_and_no_other_descriptor()
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(StartPaths.Spawn));
        var process = manager.Start(new ProcessStartRequest("exec sleep 300"));
        await Eventually.TrueAsync(() => Pids.Command(process.ProcessId) == "sleep", "the shell has exec'd sleep");

        // Read from outside: sleep opens nothing of its own, so these are exactly what it was given. Beyond
        // 0, 1 and 2 it may hold only what this test process itself inherited without close-on-exec (a
        // test runner's or a terminal's descriptors): nothing the engine opened.
        await HoldsOnlyStandardAndInherited(process.ProcessId);
        Assert.Equal("/dev/null", Target(process.ProcessId, 0));
        Assert.StartsWith("pipe:", Target(process.ProcessId, 1));
        Assert.Equal(Target(process.ProcessId, 1), Target(process.ProcessId, 2));
    }

    [Fact]
    public async Task With_stderr_apart_the_child_gets_a_second_pipe_for_it_and_nothing_more()
    {
        using var child = Children.StartApart("exec sleep 300", new RecordingSink(), new RecordingSink(), StartPaths.Platform(StartPaths.Spawn));
        try
        {
            await Eventually.TrueAsync(() => Pids.Command(child.Pid) == "sleep", "the shell has exec'd sleep");
            await HoldsOnlyStandardAndInherited(child.Pid);
            Assert.StartsWith("pipe:", Target(child.Pid, 1));
            Assert.StartsWith("pipe:", Target(child.Pid, 2));
            Assert.NotEqual(Target(child.Pid, 1), Target(child.Pid, 2));
        }
        finally
        {
            child.Signal(ProcessSignal.Kill);
        }
    }

    [Fact]
    public async Task The_exit_is_seen_while_a_grandchild_still_holds_the_pipe_and_the_shell_is_reaped()
    {
        using var manager = TestManagers.Create(o => o.DrainDelay = TimeSpan.FromMinutes(5), platform: StartPaths.Platform(StartPaths.Spawn));
        var process = manager.Start(new ProcessStartRequest("sleep 300 & exit 6"));

        Assert.Equal(6, await Eventually.Within((Task<int>)process.Child.Exited, "the exit is seen without the pipe closing"));
        Assert.False(process.Completion.IsCompleted);

        // Reaped by the engine, not left a zombie: the pid is gone from the process table.
        await Eventually.TrueAsync(() => !File.Exists($"/proc/{process.ProcessId}/stat") || !IsZombieChildOfThisProcess(process.ProcessId), "the shell was reaped");
        process.Child.Signal(ProcessSignal.Kill);
        await Eventually.Within(process.Completion, "the drain ends once the holder is killed");
    }

    [Fact]
    public void A_status_reaped_by_someone_else_reads_minus_one()
    {
        // What happens when .NET reaps every child (SIGCHLD ignored at startup, or pwsh as PID 1): the
        // pidfd turns readable, and the status is gone. Here the test plays the other reaper.
        using var directory = new TempDirectory();
        Assert.True(UnixPipeNative.TryCreateCloseOnExecPipe(out var read, out var write));
        using var readEnd = new FileDescriptorHandle(read);
        using var writeEnd = new FileDescriptorHandle(write);
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" };

        var reapedElsewhere = PosixSpawn.Start(new[] { "/bin/sh", "-c", "exit 5" }, environment, directory.Path, write, write);
        using var first = new FileDescriptorHandle(PidfdNative.PidfdOpen(reapedElsewhere));
        Assert.Equal(0, PidfdNative.WaitId(PidfdNative.P_PID, reapedElsewhere, new int[PidfdNative.SigInfoInts], PidfdNative.WEXITED));
        using (var group = new SpawnedGroup(reapedElsewhere, first, signalThroughPidfd: true))
        {
            Assert.Equal(ExitCodes.Unknown, group.ReapLeader(first));
            Assert.False(group.IsAlive);
        }

        var ours = PosixSpawn.Start(new[] { "/bin/sh", "-c", "exit 5" }, environment, directory.Path, write, write);
        using var second = new FileDescriptorHandle(PidfdNative.PidfdOpen(ours));
        using (var group = new SpawnedGroup(ours, second, signalThroughPidfd: true))
        {
            Assert.Equal(5, group.ReapLeader(second));
        }
    }

    [Theory]
    [InlineData(PidfdNative.CLD_EXITED, 0, 0)]
    [InlineData(PidfdNative.CLD_EXITED, 255, 255)]
    [InlineData(PidfdNative.CLD_KILLED, 9, 137)]
    [InlineData(PidfdNative.CLD_DUMPED, 11, 139)]
    [InlineData(4, 5, -1)] // CLD_TRAPPED: not an exit
    public void A_wait_status_becomes_the_engine_exit_code(int code, int status, int expected)
    {
        Assert.Equal(expected, SpawnedGroup.ExitCodeOf(code, status));
    }

    [Fact]
    public void A_working_directory_that_vanished_before_the_start_is_the_usual_error()
    {
        using var directory = new TempDirectory();
        var gone = Path.Combine(directory.Path, "gone");
        var info = new ChildStartInfo("true", gone, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" });

        var error = Assert.Throws<AgentProcException>(() => StartPaths.Platform(StartPaths.Spawn).Start(info));
        Assert.Equal("AgentProcessWorkingDirectoryNotFound", error.ErrorId);
        Assert.Contains(gone, error.Message);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("spawn", null, false)]
    [InlineData("fallback", null, true)]
    [InlineData("FALLBACK", null, true)]
    [InlineData(null, "the kernel has no pidfd_open", true)]
    [InlineData("spawn", "the kernel has no pidfd_open", true)]
    public void The_start_path_is_spawn_where_it_serves_unless_the_environment_forces_the_fallback(string? requested, string? unsupported, bool fallback)
    {
        var expected = fallback ? UnixStartPath.Fallback : UnixStartPath.Spawn;
        Assert.Equal(expected, UnixStartPaths.Choose(requested, unsupported, out var reason));
        Assert.Equal(fallback, reason != null);
    }

    // Eventually: just after the exec, the dynamic loader of sleep briefly holds a library open as
    // descriptor 3; a descriptor the engine leaked would stay.
    private static Task HoldsOnlyStandardAndInherited(int pid)
    {
        int[] Expected() => new[] { 0, 1, 2 }.Concat(Descriptors(Environment.ProcessId).Where(fd => fd > 2 && !IsCloseOnExec(fd))).OrderBy(fd => fd).ToArray();
        return Eventually.TrueAsync(() => Descriptors(pid).SequenceEqual(Expected()), $"the child holds only 0, 1, 2 and what this process lets it inherit ({string.Join(",", Expected())}); it holds {string.Join(",", Descriptors(pid))}");
    }

    private static int[] Descriptors(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Select(f => int.Parse(Path.GetFileName(f))).OrderBy(fd => fd).ToArray();

    // fdinfo's flags are octal open(2) flags; O_CLOEXEC is 02000000. One closed meanwhile (tests run in
    // parallel) was not there to be inherited.
    private static bool IsCloseOnExec(int fd)
    {
        try
        {
            var flags = File.ReadLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
            return (Convert.ToInt64(flags.Substring("flags:".Length).Trim(), 8) & 0x80000) != 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static string? Target(int pid, int fd) => new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget;

    private static bool IsZombieChildOfThisProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return fields[0] == "Z" && fields[1] == Environment.ProcessId.ToString();
        }
        catch (IOException)
        {
            return false;
        }
    }
}
