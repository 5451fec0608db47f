using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Output;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

/// <summary>Reading what is new by cursor, and waiting for a line, on real processes.</summary>
public sealed class ProcessFollowTests
{
    [Fact]
    public async Task A_cursor_read_returns_only_the_output_written_after_it()
    {
        using var temp = new TempDirectory();
        var gate = Path.Combine(temp.Path, "go");
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest($"echo first; while [ ! -e '{gate}' ]; do sleep 0.02; done; echo second"));

        await Eventually.TrueAsync(() => process.ReadOutput(0).Output == "first\n", "the first line is written");
        var first = process.ReadOutput(0);
        Assert.Equal(6, first.NextCursor);
        Assert.False(first.Complete);

        File.WriteAllText(gate, string.Empty);
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        var second = process.ReadOutput(first.NextCursor);
        Assert.Equal("second\n", second.Output);
        Assert.Equal(13, second.NextCursor);
        Assert.Equal(0, second.OmittedBytes);
        Assert.True(second.Complete);
        Assert.Equal(AgentProcessState.Exited, second.State);
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public async Task A_cursor_the_window_moved_past_reports_the_bytes_it_lost()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("head -c 200000 /dev/zero | tr '\\0' x"));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);

        var chunk = process.ReadOutput(0);
        Assert.Equal(200_000 - OutputWindow.DefaultCapacity, chunk.OmittedBytes);
        Assert.Equal(200_000, chunk.NextCursor);
        Assert.True(chunk.Complete);
    }

    [Fact]
    public async Task A_cursor_beyond_the_output_is_an_error_naming_it()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("printf abc"));
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);

        var error = Assert.Throws<AgentProcException>(() => process.ReadOutput(4));
        Assert.Equal("AgentProcessInvalidCursor", error.ErrorId);
        Assert.Contains("(3)", error.Message);
        Assert.Equal("AgentProcessInvalidCursor", Assert.Throws<AgentProcException>(() => process.ReadOutput(-1)).ErrorId);
    }

    [Fact]
    public async Task A_line_written_before_the_wait_began_matches()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("echo 'listening on port 8123'; sleep 30"));
        await Eventually.TrueAsync(() => process.OutputBytes > 0, "the line is written");

        var match = await process.WaitForOutputAsync(new Regex(@"port (?<port>\d+)"), Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal("listening on port 8123", match.Line);
        Assert.Equal("port 8123", match.Value);
        Assert.Equal("8123", match.Groups["port"].Value);
        Assert.Equal(process.InstanceId, match.InstanceId);
        Assert.Equal(23, match.Cursor);
        manager.Signal(process, AgentProc.Platform.ProcessSignal.Kill);
    }

    [Fact]
    public async Task A_line_written_later_ends_the_wait_and_earlier_lines_do_not_match()
    {
        using var temp = new TempDirectory();
        var gate = Path.Combine(temp.Path, "go");
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest($"echo starting; while [ ! -e '{gate}' ]; do sleep 0.02; done; echo ready; sleep 30"));
        var wait = process.WaitForOutputAsync(new Regex("^ready$"), Eventually.DefaultBound, CancellationToken.None);
        await Eventually.TrueAsync(() => process.OutputBytes > 0, "the first line is written");
        Assert.False(wait.IsCompleted);

        File.WriteAllText(gate, string.Empty);
        var match = await Eventually.Within(wait, "the ready line matches");
        Assert.Equal("ready", match.Line);
        manager.Signal(process, AgentProc.Platform.ProcessSignal.Kill);
    }

    [Fact]
    public async Task A_prompt_without_a_newline_matches()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("printf 'Password: '; sleep 30"));
        var match = await Eventually.Within(process.WaitForOutputAsync(new Regex("Password:"), Eventually.DefaultBound, CancellationToken.None), "the prompt matches");
        Assert.Equal("Password: ", match.Line);
        Assert.Equal(10, match.Cursor);
        manager.Signal(process, AgentProc.Platform.ProcessSignal.Kill);
    }

    [Fact]
    public async Task A_process_that_exits_first_fails_the_wait_with_its_exit_and_last_lines()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("seq 1 30; echo 'Address already in use' >&2; exit 3"));

        var error = await Assert.ThrowsAsync<AgentProcException>(() => process.WaitForOutputAsync(new Regex("listening"), Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal("AgentProcessExitedBeforeMatch", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidOperation, error.Kind);
        Assert.Same(process, error.Target);
        Assert.Contains("exited with code 3 before its output matched 'listening'", error.Message);
        Assert.EndsWith("22\n23\n24\n25\n26\n27\n28\n29\n30\nAddress already in use".Replace("\n", Environment.NewLine), error.Message.Replace("\n", Environment.NewLine));
        Assert.DoesNotContain("\n21\n", error.Message);
    }

    [Fact]
    public async Task A_wait_that_times_out_fails_with_the_last_lines_and_leaves_the_process_running()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("echo still booting; sleep 30"));

        var error = await Assert.ThrowsAsync<AgentProcException>(() => process.WaitForOutputAsync(new Regex("ready"), TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal("AgentProcessMatchTimedOut", error.ErrorId);
        Assert.Equal(AgentErrorKind.Timeout, error.Kind);
        Assert.Contains("did not match 'ready' within 00:00:00.3000000", error.Message);
        Assert.EndsWith("still booting", error.Message);
        Assert.Equal(AgentProcessState.Running, process.State);
        manager.Signal(process, AgentProc.Platform.ProcessSignal.Kill);
    }

    [Fact]
    public async Task A_silent_process_that_exits_says_it_wrote_nothing()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("exit 0"));
        var error = await Assert.ThrowsAsync<AgentProcException>(() => process.WaitForOutputAsync(new Regex("x"), null, CancellationToken.None));
        Assert.EndsWith("It has written no output.", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_wait_leaves_the_process_running()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("sleep 30"));
        using var cancel = new CancellationTokenSource();
        var wait = process.WaitForOutputAsync(new Regex("never"), null, cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(wait, "the wait ends when cancelled"));
        Assert.Equal(AgentProcessState.Running, process.State);
        manager.Signal(process, AgentProc.Platform.ProcessSignal.Kill);
    }

    [Fact]
    public async Task A_follower_reads_every_line_of_a_process_that_prints_slowly_then_its_end()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("for i in 1 2 3 4 5; do echo line $i; sleep 0.05; done; printf tail"));
        var reader = new OutputLineReader(process.Window);
        var lines = new System.Collections.Generic.List<string>();
        while (!reader.Ended)
        {
            lines.AddRange(reader.Read().Select(l => l.Text));
            await Eventually.Within(reader.WaitAsync(CancellationToken.None), "more output or the end");
        }

        Assert.Equal(new[] { "line 1", "line 2", "line 3", "line 4", "line 5", "tail" }, lines);
        Assert.Equal(AgentProcessState.Exited, process.State);
    }
}
