using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

public sealed class ProcessSignalTests
{
    // Two background grandchildren and a nested one, all holding the group's stdout, plus their pids.
    private const string Family =
        "sleep 300 & echo pid=$!; sh -c 'sleep 300 & echo pid=$!; wait' & sleep 300 & echo pid=$!; wait";

    [Theory]
    [InlineData(ProcessSignal.Terminate, 143, "SIGTERM")]
    [InlineData(ProcessSignal.Kill, 137, "SIGKILL")]
    [InlineData(ProcessSignal.Hangup, 129, "SIGHUP")]
    public async Task A_signal_reaches_every_grandchild_and_the_exit_code_is_128_plus_the_signal(ProcessSignal signal, int exitCode, string name)
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest(Family));
        await Eventually.TrueAsync(() => Pids.Parse(process.ReadOutput().Output, "pid=").Length == 3, "three grandchildren report their pids");
        var grandchildren = Pids.Parse(process.ReadOutput().Output, "pid=");
        Assert.All(grandchildren, pid => Assert.True(Pids.IsAlive(pid)));

        manager.Signal(process, signal);

        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Equal(name, process.Signal);
        await Eventually.TrueAsync(() => grandchildren.All(pid => !Pids.IsAlive(pid)), "every grandchild is gone");
    }

    [Fact]
    public async Task Interrupt_ends_a_foreground_command_but_background_jobs_of_a_script_ignore_it()
    {
        // POSIX: a non-interactive shell starts `&` jobs with SIGINT ignored. This is why script
        // timeouts send SIGHUP, and why stopping uses SIGTERM.
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("sleep 300 & echo pid=$!; exec sleep 300"));
        await Eventually.TrueAsync(() => Pids.Parse(process.ReadOutput().Output, "pid=").Length == 1, "the job reports its pid");
        var job = Pids.Parse(process.ReadOutput().Output, "pid=")[0];

        // dash catches SIGINT under -c and forgets a pending one when it execs: signal the sleep, not the shell.
        // The job ignores SIGINT only from the moment its forked shell has set that up, before its exec.
        await Eventually.TrueAsync(() => Pids.Command(process.ProcessId) == "sleep", "the shell has exec'd sleep");
        await Eventually.TrueAsync(() => Pids.Command(job) == "sleep", "the job has exec'd sleep");

        manager.Signal(process, ProcessSignal.Interrupt);
        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal(130, process.ExitCode);
        Assert.Equal("SIGINT", process.Signal);
        Assert.True(Pids.IsAlive(job));
        await manager.CloseAsync();
        await Eventually.TrueAsync(() => !Pids.IsAlive(job), "close ends the job that ignored SIGINT");
    }

    [Fact]
    public async Task A_signal_sent_right_after_the_start_still_reaches_the_group()
    {
        using var manager = TestManagers.Create();
        for (var i = 0; i < 20; i++)
        {
            var process = manager.Start(new ProcessStartRequest("sleep 300"));
            manager.Signal(process, ProcessSignal.Kill);
            Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
            Assert.Equal(137, process.ExitCode);
        }
    }

    [Fact]
    public void The_started_shell_leads_its_own_process_group()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("sleep 300"));
        var deadline = DateTime.UtcNow + Eventually.DefaultBound;
        while (UnixNative.GetProcessGroup(process.ProcessId) != process.ProcessId && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }

        Assert.Equal(process.ProcessId, UnixNative.GetProcessGroup(process.ProcessId));
        Assert.NotEqual(UnixNative.GetProcessGroup(Environment.ProcessId), process.ProcessId);
    }

    [Fact]
    public async Task A_signal_to_an_exited_process_is_an_invalid_operation_naming_its_id()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("exit 0"));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);

        var error = Assert.Throws<AgentProcException>(() => manager.Signal(process, ProcessSignal.Terminate));
        Assert.Equal("AgentProcessNotRunning", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidOperation, error.Kind);
        Assert.Contains(process.Id.ToString(), error.Message);
        Assert.Same(process, error.Target);
    }

    [Fact]
    public async Task Terminate_lets_a_trapping_script_clean_up_and_choose_its_exit_code()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("trap 'echo cleaning; exit 7' TERM; echo ready; while :; do sleep 0.05; done"));
        await Eventually.TrueAsync(() => process.ReadOutput().Output.Contains("ready"), "the trap is installed");
        manager.Signal(process, ProcessSignal.Terminate);
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal(7, process.ExitCode);
        Assert.Null(process.Signal);
        Assert.Contains("cleaning", process.ReadOutput().Output);
    }

    [Fact]
    public async Task A_signal_during_the_drain_ends_the_children_holding_the_pipe()
    {
        using var manager = TestManagers.Create(o => o.DrainDelay = TimeSpan.FromMinutes(5));
        var process = manager.Start(new ProcessStartRequest("sleep 300 & echo holder=$!; exit 4"));
        await Eventually.TrueAsync(() => process.Child.Exited.IsCompleted, "the shell exits");
        Assert.Equal(AgentProcessState.Running, process.State);

        manager.Signal(process, ProcessSignal.Terminate);

        await Eventually.Within(process.Completion, "the drain ends once the holder is gone");
        Assert.Equal(4, process.ExitCode);
        Assert.False(process.PipesLeftOpen);
        // The pipe closes while the holder is still in its exit path, before /proc shows it a zombie.
        var holder = Pids.Parse(process.ReadOutput().Output, "holder=")[0];
        await Eventually.TrueAsync(() => !Pids.IsAlive(holder), "the holder is dead");
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 1", 1)]
    [InlineData("exit 42", 42)]
    [InlineData("exit 255", 255)]
    [InlineData("kill -TERM $$", 143)]
    [InlineData("kill -KILL $$", 137)]
    [InlineData("no-such-command-agentproc", 127)]
    public async Task The_real_exit_code_is_reported(string command, int expected)
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest(command));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal(expected, process.ExitCode);
    }

    [Fact]
    public void Exit_codes_above_128_name_their_signal()
    {
        Assert.Equal("SIGHUP", ExitCodes.SignalName(129));
        Assert.Equal("SIGKILL", ExitCodes.SignalName(137));
        Assert.Equal("SIGTERM", ExitCodes.SignalName(143));
        Assert.Equal("SIGSYS", ExitCodes.SignalName(159));
        Assert.Null(ExitCodes.SignalName(128));
        Assert.Null(ExitCodes.SignalName(0));
        Assert.Null(ExitCodes.SignalName(-1));
        Assert.Null(ExitCodes.SignalName(200));
    }
}
