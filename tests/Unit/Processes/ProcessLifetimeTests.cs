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

/// <summary>A process's group stays the manager's to end until it is empty, listed or not.</summary>
public sealed class ProcessLifetimeTests
{
    private const string LeavesASleep = "sleep 300 >/dev/null 2>&1 & echo left=$!";

    [Fact]
    public async Task Close_ends_the_group_of_a_removed_process()
    {
        var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest(LeavesASleep));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        var left = Pids.Parse(process.ReadOutput().Output, "left=")[0];

        await manager.RemoveAsync(process, force: false, CancellationToken.None);
        Assert.Empty(manager.List());
        Assert.True(Pids.IsAlive(left));

        await Eventually.Within(manager.CloseAsync(), "close ends the removed process's group");
        Assert.False(Pids.IsAlive(left));
    }

    [Fact]
    public async Task Close_ends_the_group_of_a_process_forgotten_after_the_retention_period()
    {
        var clock = new ManualTimeProvider();
        var manager = TestManagers.Create(o => o.Retention = TimeSpan.FromMinutes(1), time: clock);
        var process = manager.Start(new ProcessStartRequest(LeavesASleep));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        var left = Pids.Parse(process.ReadOutput().Output, "left=")[0];

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(manager.List());
        Assert.True(Pids.IsAlive(left));

        await Eventually.Within(manager.CloseAsync(), "close ends the pruned process's group");
        Assert.False(Pids.IsAlive(left));
    }

    [Fact]
    public async Task Terminate_reaches_a_stopped_group_through_SIGCONT()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("sleep 300 & echo child=$!; wait"));
        await Eventually.TrueAsync(() => process.ReadOutput().Output.Contains("child="), "the child runs");
        Assert.Equal(0, UnixNative.Kill(-process.ProcessId, 19)); // SIGSTOP to the whole group
        await Eventually.TrueAsync(() => Pids.State(process.ProcessId) == 'T', "the group is stopped");

        manager.Signal(process, ProcessSignal.Terminate);

        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal("SIGTERM", process.Signal);
    }

    [Theory]
    [InlineData(25 * 24)]
    [InlineData(60 * 24)]
    public void A_deadline_no_timer_can_hold_is_refused_before_anything_starts(int hours)
    {
        using var manager = TestManagers.Create();
        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("sleep 300") { Timeout = TimeSpan.FromHours(hours) }));
        Assert.Equal("AgentProcessDurationTooLong", error.ErrorId);
        Assert.Contains("24.00:00:00", error.Message);
        Assert.Empty(manager.List());
    }

    [Fact]
    public void Every_duration_and_size_setting_is_bounded()
    {
        var options = new ProcessManagerOptions();
        Assert.Equal("AgentProcessDurationTooLong", Assert.Throws<AgentProcException>(() => options.CloseGracePeriod = TimeSpan.MaxValue).ErrorId);
        Assert.Equal("AgentProcessDurationTooLong", Assert.Throws<AgentProcException>(() => options.Retention = TimeSpan.MaxValue).ErrorId);
        Assert.Equal("AgentProcessDurationTooLong", Assert.Throws<AgentProcException>(() => options.DrainDelay = TimeSpan.FromHours(1)).ErrorId);
        Assert.Equal("AgentProcessInvalidSize", Assert.Throws<AgentProcException>(() => options.HeadBytes = int.MaxValue).ErrorId);
        Assert.Equal("AgentProcessInvalidSize", Assert.Throws<AgentProcException>(() => options.TailBytes = SettingLimits.MaxBufferBytes + 1).ErrorId);
        Assert.Equal("AgentProcessInvalidSize", Assert.Throws<AgentProcException>(() => options.MaxLineLength = SettingLimits.MaxLineLength + 1).ErrorId);
        options.CloseGracePeriod = SettingLimits.MaxGracePeriod;
        options.HeadBytes = SettingLimits.MaxBufferBytes;
        Assert.Equal(SettingLimits.MaxGracePeriod, options.CloseGracePeriod);
    }
}
