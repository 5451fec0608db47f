using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptCancellationTests
{
    [Fact]
    public async Task Cancelling_interrupts_running_scripts_and_cancels_those_not_started()
    {
        using var harness = new ScriptTestHarness();
        using var cancel = new CancellationTokenSource();
        var run = harness.Runner.RunAsync(
            new[]
            {
                Sh("running", "echo pid=$$; sleep 300"),
                new ScriptDefinition("waiting") { Script = "touch waiting-ran", DependsOn = new[] { "running" } },
                new ScriptDefinition("after") { Script = "touch after-ran", After = new[] { "running" } },
            },
            harness.Request(),
            harness.Observer,
            cancel.Token);
        await Eventually.TrueAsync(() => harness.Observer.Lines("running").Any(), "the script runs");
        var pid = Pids.Parse(string.Join("\n", harness.Observer.Lines("running")), "pid=").Single();

        cancel.Cancel();
        var results = await Eventually.Within(run, "the run ends after the cancellation");

        Assert.Equal(AgentScriptStatus.Canceled, results[0].Status);
        Assert.Equal("canceled while running; interrupted with SIGHUP", results[0].Reason);
        Assert.Equal(129, results[0].ExitCode);
        Assert.All(results.Skip(1), r =>
        {
            Assert.Equal(AgentScriptStatus.Canceled, r.Status);
            Assert.Equal("canceled before it started", r.Reason);
        });
        Assert.False(Pids.IsAlive(pid));
        Assert.False(File.Exists(harness.File("waiting-ran")));
        Assert.False(File.Exists(harness.File("after-ran")));
    }

    [Fact]
    public async Task Cancelling_kills_a_script_that_ignores_SIGHUP_after_the_grace_period()
    {
        using var harness = new ScriptTestHarness(o => o.GracePeriod = TimeSpan.FromMilliseconds(300));
        using var cancel = new CancellationTokenSource();
        var run = harness.Runner.RunAsync(new[] { Sh("stubborn", "trap '' HUP; echo ready; while :; do sleep 0.05; done") }, harness.Request(), harness.Observer, cancel.Token);
        await Eventually.TrueAsync(() => harness.Observer.Lines("stubborn").Contains("ready"), "the trap is set");

        cancel.Cancel();
        var result = (await Eventually.Within(run, "the run ends")).Single();

        Assert.Equal(AgentScriptStatus.Canceled, result.Status);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal("canceled while running; interrupted with SIGHUP; killed after the 0.3 s grace period", result.Reason);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_run_cancels_every_script_without_starting_any()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(harness.Request(), new CancellationToken(canceled: true), Sh("a", "touch a-ran"), Sh("b", "touch b-ran"));

        Assert.All(results, r => Assert.Equal(AgentScriptStatus.Canceled, r.Status));
        Assert.Empty(harness.Observer.Started);
        Assert.False(File.Exists(harness.File("a-ran")));
        Assert.Equal(2, harness.Runner.Counters.Canceled);
        Assert.Equal(0, harness.Runner.Counters.Executed);
    }

    [Fact]
    public async Task Close_stops_runs_in_progress_and_then_refuses_new_ones()
    {
        var harness = new ScriptTestHarness();
        try
        {
            var run = harness.Runner.RunAsync(new[] { Sh("long", "echo pid=$$; sleep 300") }, harness.Request(), harness.Observer, CancellationToken.None);
            await Eventually.TrueAsync(() => harness.Observer.Lines("long").Any(), "the script runs");
            var pid = Pids.Parse(string.Join("\n", harness.Observer.Lines("long")), "pid=").Single();

            var first = harness.Runner.CloseAsync();
            var second = harness.Runner.CloseAsync();
            Assert.Same(first, second);
            await Eventually.Within(first, "close ends");

            Assert.True(run.IsCompleted);
            var result = (await run).Single();
            Assert.Equal(AgentScriptStatus.Canceled, result.Status);
            Assert.False(Pids.IsAlive(pid));
            Assert.True(harness.Runner.IsClosed);

            var error = await Assert.ThrowsAsync<AgentProcException>(() => harness.Runner.RunAsync(new[] { Sh("late", "true") }, harness.Request(), harness.Observer, CancellationToken.None));
            Assert.Equal("AgentSessionClosed", error.ErrorId);
            Assert.Equal(AgentErrorKind.ResourceUnavailable, error.Kind);
        }
        finally
        {
            harness.Dispose();
        }
    }

    [Fact]
    public async Task Close_from_several_threads_at_once_is_safe()
    {
        using var harness = new ScriptTestHarness();
        var run = harness.Runner.RunAsync(Enumerable.Range(0, 5).Select(i => Sh("s" + i, "sleep 300")).ToArray(), harness.Request(throttle: 5), harness.Observer, CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Observer.Started.Count == 5, "all run");

        var closes = Enumerable.Range(0, 8).Select(_ => Task.Run(() => harness.Runner.CloseAsync())).ToArray();
        await Eventually.Within(Task.WhenAll(closes), "every close ends");

        var results = await run;
        Assert.All(results, r => Assert.Equal(AgentScriptStatus.Canceled, r.Status));
        harness.Runner.Dispose();
    }

    [Fact]
    public async Task A_failure_does_not_stop_the_other_scripts()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(Sh("fails", "exit 1"), Sh("slow", "sleep 0.3; echo finished"));
        Assert.Equal(AgentScriptStatus.ExitFailure, results[0].Status);
        Assert.Equal(AgentScriptStatus.Ok, results[1].Status);
        Assert.Equal("finished\n", results[1].Output);
    }
}
