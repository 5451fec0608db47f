using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Platform;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

/// <summary>How <see cref="AgentProc.Processes.ChildProcess"/> reads its child's output: end-of-file, the drain delay, abandonment.</summary>
public sealed class ChildProcessReadingTests
{
    [Fact]
    public async Task Completion_follows_the_last_byte_of_a_large_output()
    {
        var sink = new RecordingSink();
        using var child = Children.Start("head -c 5000000 /dev/zero", sink);
        var exit = await Eventually.Within(child.Completion, "the child exits and its output drains");

        // Read at once, with no wait: every byte must already be in the sink.
        Assert.Equal(5_000_000, sink.Count);
        Assert.Equal(0, exit.ExitCode);
        Assert.False(exit.PipesLeftOpen);
        Assert.Contains("agentproc-pipe", sink.ThreadNames);
    }

    [Fact]
    public async Task A_pipe_held_by_a_grandchild_is_abandoned_after_the_drain_delay()
    {
        var delay = TimeSpan.FromSeconds(1);
        var sink = new RecordingSink();
        // The holder writes once more, long after the delay: an abandoned reader must not take it.
        using var child = Children.Start("(sleep 5; echo late) & echo holder=$!; exit 3", sink, delay);
        try
        {
            await Eventually.Within(child.Exited, "the shell exits");
            var exit = await Eventually.Within(child.Completion, "the exit is reported despite the held pipe");
            // From the moment the exit was recorded, which is when the delay starts: this test's own
            // resumption after the exit waits for a pool thread, and may come late.
            var afterExit = Stopwatch.GetElapsedTime(child.ExitRecordedAt);

            Assert.True(exit.PipesLeftOpen);
            Assert.Equal(3, exit.ExitCode);
            Assert.InRange(afterExit.TotalSeconds, delay.TotalSeconds - 0.2, delay.TotalSeconds + 10);
            var holder = Pids.Parse(sink.Text, "holder=").Single();
            Assert.True(Pids.IsAlive(holder), "the drain does not end the holder");

            await Eventually.TrueAsync(() => !Pids.IsAlive(holder), "the holder writes and exits");
            Assert.DoesNotContain("late", sink.Text);
        }
        finally
        {
            child.Signal(ProcessSignal.Kill);
        }
    }

    [Fact]
    public async Task A_child_that_closes_its_output_early_is_reported_at_its_exit_with_all_it_wrote()
    {
        var sink = new RecordingSink();
        using var child = Children.Start("echo early; exec >&- 2>&-; sleep 1; exit 4", sink);
        var exit = await Eventually.Within(child.Completion, "the child exits");

        Assert.Equal(4, exit.ExitCode);
        Assert.False(exit.PipesLeftOpen);
        Assert.Equal("early\n", sink.Text);
    }

    [Fact]
    public async Task Dispose_while_output_flows_stops_the_reader_safely()
    {
        var sink = new RecordingSink(keep: 0);
        var child = Children.Start("exec yes", sink);
        try
        {
            await Eventually.TrueAsync(() => sink.Count > (1 << 20), "a megabyte arrived");
            child.Dispose();
            child.Dispose();

            // The reader has stopped: the count settles (checked twice, some time apart).
            long last = -1;
            await Eventually.TrueAsync(
                () =>
                {
                    var now = sink.Count;
                    var settled = now == last;
                    last = now;
                    return settled;
                },
                "no more bytes arrive after Dispose");
        }
        finally
        {
            Children.Kill(child.Pid);
        }
    }
}
