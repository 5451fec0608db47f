using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>The poll(2) + read(2) reader on the pipes of real processes (bare <c>sh</c>, so stderr is a pipe of its own).</summary>
public sealed class UnixPipeReaderTests
{
    [Fact]
    public async Task A_large_output_arrives_exactly_and_in_order()
    {
        using var process = Children.StartBareShell("seq 1 300000");
        var sink = new RecordingSink();
        var reading = Start(process, sink, CancellationToken.None);

        await Eventually.Within(reading, "the reader reaches end-of-file");
        var expected = string.Concat(Enumerable.Range(1, 300000).Select(i => i + "\n"));
        Assert.Equal(expected.Length, sink.Count);
        Assert.Equal(expected, sink.Text);
        Assert.All(sink.ThreadNames, name => Assert.Contains(name, new[] { "agentproc-poll", "agentproc-pipe" }));
    }

    [Fact]
    public async Task A_quiet_child_is_read_by_the_shared_poller()
    {
        using var process = Children.StartBareShell("echo hello");
        var sink = new RecordingSink();
        await Eventually.Within(Start(process, sink, CancellationToken.None), "end-of-file");
        Assert.Equal("hello\n", sink.Text);
        Assert.Equal(new[] { "agentproc-poll" }, sink.ThreadNames);
    }

    [Fact]
    public async Task Many_quiet_children_are_read_side_by_side()
    {
        var processes = Enumerable.Range(0, 30).Select(_ => Children.StartBareShell("for i in 1 2 3; do echo $i; sleep 0.1; done")).ToArray();
        try
        {
            var sinks = processes.Select(_ => new RecordingSink()).ToArray();
            var readings = processes.Select((p, i) => Start(p, sinks[i], CancellationToken.None)).ToArray();
            await Eventually.Within(Task.WhenAll(readings), "every child reaches end-of-file");
            Assert.All(sinks, sink => Assert.Equal("1\n2\n3\n", sink.Text));
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_loud_child_gets_its_own_thread_and_returns_to_the_poller_when_quiet()
    {
        // 4 MB at full speed, then a pause longer than the quiet second, then one line; the shell
        // then holds the pipes until it is abandoned.
        using var process = Children.StartBareShell("head -c 4000000 /dev/zero; sleep 2.5; echo after; exec sleep 60");
        try
        {
            using var abandon = new CancellationTokenSource();
            var sink = new RecordingSink(keep: 0);
            var reading = Start(process, sink, abandon.Token);
            await Eventually.TrueAsync(() => sink.LastWrite == "after\n", "the line after the pause arrived");

            Assert.Equal(4_000_006, sink.Count);
            Assert.Contains("agentproc-pipe", sink.ThreadNames);
            Assert.Equal("agentproc-poll", sink.LastThreadName);

            // Abandoned once it is back with the poller.
            abandon.Cancel();
            await Eventually.Within(reading, "the reader stops once abandoned", TimeSpan.FromSeconds(10));
        }
        finally
        {
            Children.Kill(process.Id);
        }
    }

    [Fact]
    public async Task Both_pipes_are_read_to_their_ends()
    {
        using var process = Children.StartBareShell("echo out; echo err >&2");
        var sink = new RecordingSink();
        await Eventually.Within(Start(process, sink, CancellationToken.None), "both pipes reach end-of-file");

        Assert.Equal(8, sink.Count);
        Assert.Contains("out\n", sink.Text);
        Assert.Contains("err\n", sink.Text);
    }

    [Fact]
    public async Task A_process_that_writes_nothing_ends_the_read_at_its_exit()
    {
        using var process = Children.StartBareShell("true");
        var sink = new RecordingSink();
        await Eventually.Within(Start(process, sink, CancellationToken.None), "end-of-file on both pipes");
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public async Task Closing_the_pipes_early_ends_the_read_while_the_process_keeps_running()
    {
        using var process = Children.StartBareShell("echo before; exec >&- 2>&-; sleep 30");
        try
        {
            var sink = new RecordingSink();
            await Eventually.Within(Start(process, sink, CancellationToken.None), "end-of-file once the process closed its pipes");
            Assert.Equal("before\n", sink.Text);
            Assert.False(process.HasExited);
        }
        finally
        {
            Children.Kill(process.Id);
        }
    }

    [Fact]
    public async Task Abandoning_stops_a_reader_whose_pipe_a_grandchild_holds()
    {
        using var process = Children.StartBareShell("sleep 60 & echo holder=$!");
        using var abandon = new CancellationTokenSource();
        var sink = new RecordingSink();
        var reading = Start(process, sink, abandon.Token);
        await Eventually.TrueAsync(() => sink.Text.Contains('\n'), "the shell printed the holder's pid");
        var holder = Pids.Parse(sink.Text, "holder=").Single();
        try
        {
            Assert.True(process.WaitForExit(30_000), "the shell exits");

            // The grandchild still holds both pipes: nothing ends the read but the abandonment.
            Assert.False(reading.IsCompleted);
            abandon.Cancel();
            await Eventually.Within(reading, "the reader stops once abandoned", TimeSpan.FromSeconds(10));
            Assert.True(Pids.IsAlive(holder), "abandoning the read does not touch the holder");
        }
        finally
        {
            Children.Kill(holder);
        }
    }

    [Fact]
    public async Task Abandoning_stops_a_reader_while_output_still_flows()
    {
        using var process = Children.StartBareShell("exec yes");
        try
        {
            using var abandon = new CancellationTokenSource();
            var sink = new RecordingSink(keep: 1000);
            var reading = Start(process, sink, abandon.Token);
            await Eventually.TrueAsync(() => sink.Count > (1 << 20), "a megabyte arrived");

            abandon.Cancel();
            await Eventually.Within(reading, "the reader stops although data is pending", TimeSpan.FromSeconds(10));
            var count = sink.Count;
            Assert.Equal(string.Concat(Enumerable.Repeat("y\n", 500)), sink.Text);
            Assert.Equal(count, sink.Count);
        }
        finally
        {
            Children.Kill(process.Id);
        }
    }

    [Fact]
    public async Task A_token_cancelled_before_the_start_stops_the_reader_at_once()
    {
        using var process = Children.StartBareShell("sleep 30");
        try
        {
            var reading = Start(process, new RecordingSink(), new CancellationToken(canceled: true));
            await Eventually.Within(reading, "the reader stops without waiting for the process", TimeSpan.FromSeconds(10));
            Assert.False(process.HasExited);
        }
        finally
        {
            Children.Kill(process.Id);
        }
    }

    [Fact]
    public void A_stream_that_is_not_a_pipe_is_left_to_the_caller()
    {
        using var stream = new MemoryStream(new byte[] { 1, 2, 3 });
        Assert.Null(UnixPipeReader.TryStart(new Stream[] { stream }, new IOutputSink[] { new RecordingSink() }, CancellationToken.None));
        Assert.True(stream.CanRead, "the stream is not disposed when the reader declines it");
    }

    private static Task Start(System.Diagnostics.Process process, RecordingSink sink, CancellationToken abandon)
    {
        var reading = UnixPipeReader.TryStart(new[] { process.StandardOutput.BaseStream, process.StandardError.BaseStream }, new IOutputSink[] { sink, sink }, abandon);
        Assert.NotNull(reading);
        return reading!;
    }
}
