using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

public sealed class ProcessOutputTests
{
    [Fact]
    public async Task A_hundred_megabytes_leave_the_buffer_at_its_cap_with_exact_head_and_tail()
    {
        const long total = 100_000_000;
        const string pattern = "0123456789\n";
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest($"yes 0123456789 2>/dev/null | head -c {total}"));
        var output = await Eventually.Within(process.ReadOutputAsync(true, TimeSpan.FromMinutes(2), CancellationToken.None), "100 MB are captured");

        Assert.Equal(0, output.ExitCode);
        Assert.Equal(total, output.OriginalBytes);
        Assert.Equal(32 * 1024, output.RetainedBytes);
        Assert.Equal(total - (32 * 1024), output.OmittedBytes);
        Assert.Equal("head_tail", output.Strategy);
        Assert.True(output.Truncated);

        string Slice(long start, int length) => new(Enumerable.Range(0, length).Select(i => pattern[(int)((start + i) % pattern.Length)]).ToArray());
        var expected = Slice(0, 16 * 1024) + $"\n... [omitted {total - (32 * 1024)} bytes] ...\n" + Slice(total - (16 * 1024), 16 * 1024);
        Assert.Equal(expected, output.Output);
    }

    [Fact]
    public async Task A_multibyte_character_straddling_the_head_boundary_decodes_cleanly()
    {
        // The head holds 10 bytes: nine 'a' and the first byte of the three-byte '€'.
        using var manager = TestManagers.Create(o =>
        {
            o.HeadBytes = 10;
            o.TailBytes = 10;
        });
        var process = manager.Start(new ProcessStartRequest("printf 'aaaaaaaaa€'; head -c 1000 /dev/zero | tr '\\0' b; printf 'bbbbbbb€'"));
        var output = await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);

        Assert.DoesNotContain('\uFFFD', output.Output);
        Assert.StartsWith("aaaaaaaaa\n... [omitted ", output.Output);
        Assert.EndsWith("bbbbbbb€", output.Output);
    }

    [Fact]
    public async Task Output_that_fits_is_returned_whole_with_no_marker()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("printf 'é中😀\\n'; seq 1 100"));
        var output = await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);
        var expected = "é中😀\n" + string.Concat(Enumerable.Range(1, 100).Select(i => i + "\n"));
        Assert.Equal(expected, output.Output);
        Assert.Equal("none", output.Strategy);
        Assert.False(output.Truncated);
        Assert.Equal(Encoding.UTF8.GetByteCount(expected), output.OriginalBytes);
        Assert.Equal(101, output.Lines.Length);
    }

    [Fact]
    public async Task Lines_longer_than_the_limit_are_cut_with_a_marker()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("head -c 5000 /dev/zero | tr '\\0' x; echo; echo short"));
        var output = await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal(new string('x', 2048) + "... [truncated]\nshort\n", output.Output);
        Assert.Equal(1, output.LinesCut);
        Assert.True(output.Truncated);
    }

    [Fact]
    public async Task A_read_after_the_exit_is_reported_holds_all_of_the_output()
    {
        using var manager = TestManagers.Create();
        for (var i = 0; i < 30; i++)
        {
            var process = manager.Start(new ProcessStartRequest("seq 1 3000; printf last"));
            await Eventually.TrueAsync(() => process.State == AgentProcessState.Exited, "the process exits");
            var output = process.ReadOutput();
            Assert.Equal(AgentProcessState.Exited, output.State);
            Assert.EndsWith("2999\n3000\nlast", output.Output);
        }
    }

    [Fact]
    public async Task Reading_while_running_gives_what_arrived_so_far()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("echo first; sleep 300"));
        await Eventually.TrueAsync(() => process.ReadOutput().Output == "first\n", "the first line arrives while the process runs");
        var snapshot = process.ReadOutput();
        Assert.Equal(AgentProcessState.Running, snapshot.State);
        Assert.Null(snapshot.ExitCode);
    }

    [Fact]
    public async Task Reading_with_wait_returns_after_the_timeout_when_the_process_keeps_running()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("echo partial; sleep 300"));
        var output = await process.ReadOutputAsync(true, TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.Equal(AgentProcessState.Running, output.State);
    }

    [Fact]
    public async Task A_grandchild_holding_stdout_does_not_stall_the_exit_report_past_the_delay()
    {
        // Default options: the 5 s delay of the design.
        using var manager = new ProcessManager(new ProcessManagerOptions { CloseGracePeriod = TimeSpan.FromSeconds(2) });
        var process = manager.Start(new ProcessStartRequest("sleep 300 & echo holder=$!; echo parent-done; exit 5"));
        var reported = await Eventually.Within(process.Completion, "the exit is reported despite the held pipe");
        var reportedAt = DateTimeOffset.UtcNow;

        Assert.Equal(AgentProcessState.Exited, reported.State);
        Assert.Equal(5, reported.ExitCode);
        Assert.True(reported.PipesLeftOpen);
        Assert.Contains("parent-done", reported.ReadOutput().Output);

        // Reported after the 5 s drain delay, and within a loose bound after it.
        Assert.InRange((reportedAt - reported.ExitedAt!.Value).TotalSeconds, 4.5, 25);
        var holder = Pids.Parse(reported.ReadOutput().Output, "holder=")[0];
        Assert.True(Pids.IsAlive(holder), "the drain does not kill the holder; close does");

        await manager.CloseAsync();
        await Eventually.TrueAsync(() => !Pids.IsAlive(holder), "close ends the grandchild left in the group");
    }

    [Fact]
    public async Task A_process_whose_pipes_close_with_it_is_not_marked_as_leaving_them_open()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("sleep 0.1 > /dev/null 2>&1 & echo done"));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        Assert.False(process.PipesLeftOpen);
    }
}
