using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>
/// A pid that is reused after exit is never signalled: once a child's group is gone, a stranger that
/// gets its number (and leads a group of that number, as every shell job does) must not be reached by a
/// stop, a timeout or the session's close. Each spawn rule is tested: through the pidfd (Linux 6.9+) and
/// with session anchors (older kernels).
/// </summary>
[Collection(ProcessWideCountsCollection.Name)]
public sealed class PidReuseTests
{
    public static TheoryData<string> Paths => StartPaths.SpawnOnly;

    [PidReuseTheory]
    [MemberData(nameof(Paths))]
    public async Task A_stranger_that_gets_the_pid_of_an_exited_shell_is_not_signalled(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("exit 0"));
        await Eventually.Within(process.Completion, "the shell exits");
        var pid = process.ProcessId;
        await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{pid}"), "the pid is free");

        using var stranger = PidReuse.StartStrangerAs(pid);
        Assert.Equal(pid, UnixNative.GetProcessGroup(pid));
        Assert.False(process.Child.Signal(ProcessSignal.Kill));
        Assert.False(process.Child.GroupIsAlive);

        // Closing the session signals every group it started, exited ones included.
        await manager.CloseAsync();
        Assert.True(Pids.IsAlive(pid));
    }

    [PidReuseTheory]
    [MemberData(nameof(Paths))]
    public async Task A_stranger_that_gets_the_pid_after_the_children_left_behind_are_gone_is_not_signalled(string path)
    {
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest("sleep 300 >/dev/null 2>&1 & echo holder=$!"));
        await Eventually.Within(process.Completion, "the shell exits (the holder does not hold the pipe)");
        var pid = process.ProcessId;
        var holder = Pids.Parse(process.ReadOutput().Output, "holder=")[0];
        Assert.True(process.Child.GroupIsAlive);

        Children.Kill(holder);
        await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{holder}") && !Directory.Exists($"/proc/{pid}"), "the holder was reaped and the pid is free");

        using var stranger = PidReuse.StartStrangerAs(pid);
        Assert.False(process.Child.Signal(ProcessSignal.Kill));
        Assert.False(process.Child.GroupIsAlive);
        Assert.True(Pids.IsAlive(pid));
    }

    [PidReuseTheory]
    [MemberData(nameof(Paths))]
    public async Task A_member_started_after_the_shell_exited_is_still_reached_while_the_group_lives(string path)
    {
        // Two members outlive the shell; one starts a third and exits, then the other is killed. The group
        // has never been empty, so it is still ours, and the third must be reached. (With anchors: the
        // anchors are renewed while one of the first two still holds the session.)
        using var directory = new TempDirectory();
        var fifo = Path.Combine(directory.Path, "go");
        Assert.Equal(0, Mkfifo(fifo, Convert.ToInt32("600", 8)));
        using var manager = TestManagers.Create(platform: StartPaths.Platform(path));
        var process = manager.Start(new ProcessStartRequest(
            $"exec >/dev/null 2>&1; (read go < '{fifo}'; sleep 300 & echo $! > '{fifo}.third') & echo $! > '{fifo}.first'; sleep 300 & echo $! > '{fifo}.second'"));
        await Eventually.Within(process.Completion, "the shell exits");
        await Eventually.TrueAsync(() => File.Exists(fifo + ".second"), "the members wrote their pids");
        var first = int.Parse(File.ReadAllText(fifo + ".first"));
        var second = int.Parse(File.ReadAllText(fifo + ".second"));
        Assert.True(process.Child.GroupIsAlive);

        File.WriteAllText(fifo, "go\n");
        await Eventually.TrueAsync(() => File.Exists(fifo + ".third") && File.ReadAllText(fifo + ".third").EndsWith("\n"), "the third member started");
        var third = int.Parse(File.ReadAllText(fifo + ".third"));
        await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{first}"), "the first member exited and was reaped");
        Assert.True(process.Child.GroupIsAlive);

        Children.Kill(second);
        await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{second}"), "the second member was reaped");

        Assert.True(process.Child.Signal(ProcessSignal.Kill));
        await Eventually.TrueAsync(() => !Pids.IsAlive(third), "the third member was killed");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int Mkfifo(string path, int mode);
}
