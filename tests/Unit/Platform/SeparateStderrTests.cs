using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>A start that asks for stderr apart gets a pipe for each stream on every start path; the default keeps them in one.</summary>
[Collection(ProcessWideCountsCollection.Name)]
public sealed class SeparateStderrTests
{
    public static TheoryData<string> Paths => new() { StartPaths.Spawn, StartPaths.Fallback };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Stderr_apart_reaches_its_own_sink_and_stdout_its_own(string path)
    {
        var stdout = new RecordingSink();
        var stderr = new RecordingSink();
        using var child = Children.StartApart("echo out; echo err >&2; echo out2", stdout, stderr, StartPaths.Platform(path));
        var exit = await Eventually.Within(child.Completion, "the child ends");

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("out\nout2\n", Encoding.UTF8.GetString(stdout.Bytes));
        Assert.Equal("err\n", Encoding.UTF8.GetString(stderr.Bytes));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Without_it_both_streams_share_one_sink_in_the_order_written(string path)
    {
        var both = new RecordingSink();
        using var child = Children.Start("echo err >&2; echo out", new OutputSinks(both), separateStandardError: false, StartPaths.Platform(path));
        await Eventually.Within(child.Completion, "the child ends");

        Assert.Equal("err\nout\n", Encoding.UTF8.GetString(both.Bytes));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_grandchild_holding_only_stderr_keeps_the_reading_until_the_drain_delay(string path)
    {
        var stdout = new RecordingSink();
        var stderr = new RecordingSink();
        using var child = Children.StartApart("sleep 30 >/dev/null & echo started", stdout, stderr, StartPaths.Platform(path), TimeSpan.FromMilliseconds(300));
        var exit = await Eventually.Within(child.Completion, "the child ends after the drain delay");
        child.Signal(ProcessSignal.Kill);

        Assert.True(exit.PipesLeftOpen, "stderr, held by the grandchild, was abandoned");
        Assert.Equal("started\n", Encoding.UTF8.GetString(stdout.Bytes));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Children_with_stderr_apart_leave_no_descriptor_open(string path)
    {
        var platform = StartPaths.Platform(path);
        using (var warm = Children.StartApart("echo warm", new RecordingSink(), new RecordingSink(), platform))
        {
            await Eventually.Within(warm.Completion, "the warm-up child ends");
        }

        var before = Children.OpenDescriptors();
        var children = new List<ChildProcess>();
        for (var i = 0; i < 60; i++)
        {
            var command = (i % 3) switch
            {
                0 => "echo out; echo err >&2",
                1 => "seq 1 3000 >&2",
                _ => "sleep 30 2>/dev/null & echo held",
            };
            children.Add(Children.StartApart(command, new RecordingSink(), new RecordingSink(), platform, TimeSpan.FromMilliseconds(300)));
        }

        await Eventually.Within(Task.WhenAll(children.Select(c => c.Completion)), "every child ends");
        foreach (var child in children)
        {
            child.Signal(ProcessSignal.Kill); // the held pipes' grandchildren
            child.Dispose();
        }

        await Eventually.TrueAsync(() => Children.OpenDescriptors() <= before + 5, $"the descriptor count returns to {before} (+5 slack); it is {Children.OpenDescriptors()}");
    }
}
