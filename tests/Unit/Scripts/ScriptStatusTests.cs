using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptStatusTests
{
    [Fact]
    public async Task A_script_that_exits_zero_is_Ok_with_its_output_times_and_log()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("hello", "echo hello; echo to-stderr >&2"));

        Assert.Equal(AgentScriptStatus.Ok, result.Status);
        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(AgentScriptStage.Manual, result.Stage);
        Assert.Null(result.Reason);
        Assert.Equal("hello\nto-stderr\n", result.Output);
        Assert.NotNull(result.StartedAt);
        Assert.True(result.EndedAt >= result.StartedAt);
        Assert.True(result.Duration >= TimeSpan.Zero);
        Assert.Equal(Path.Combine(harness.Options.LogDirectory, "agentproc-script-hello.log"), result.LogPath);
        Assert.Equal(new[] { "started" }, harness.Observer.Events.Where(e => e.Kind == "started").Select(e => e.Kind));
        Assert.Single(harness.Observer.Completed);
    }

    [Theory]
    [InlineData("exit 3", 3, "exited with code 3")]
    [InlineData("kill -TERM $$", 143, "exited with code 143 (SIGTERM)")]
    [InlineData("no-such-command-agentproc", 127, "exited with code 127")]
    public async Task A_non_zero_exit_is_ExitFailure_naming_the_code_and_signal(string script, int code, string reason)
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("fails", script));

        Assert.Equal(AgentScriptStatus.ExitFailure, result.Status);
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.ExitCode);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task A_script_past_its_timeout_gets_SIGHUP_and_is_TimedOut()
    {
        using var harness = new ScriptTestHarness(o => o.GracePeriod = TimeSpan.FromSeconds(20));
        var result = await harness.RunOneAsync(new ScriptDefinition("slow") { Script = "echo begun; sleep 300", Timeout = TimeSpan.FromSeconds(1) });

        Assert.Equal(AgentScriptStatus.TimedOut, result.Status);
        Assert.Equal(129, result.ExitCode);
        Assert.Equal("timed out after 00:00:01; interrupted with SIGHUP", result.Reason);
        Assert.Contains("begun", result.Output);

        // It died of the SIGHUP: the 20 s grace period was not waited for.
        Assert.True(result.Duration < TimeSpan.FromSeconds(15), $"took {result.Duration}");
    }

    [Fact]
    public async Task A_script_that_ignores_SIGHUP_is_killed_after_the_grace_period()
    {
        using var harness = new ScriptTestHarness(o => o.GracePeriod = TimeSpan.FromMilliseconds(500));
        var result = await harness.RunOneAsync(new ScriptDefinition("stubborn")
        {
            Script = "trap '' HUP; echo ready; while :; do sleep 0.05; done",
            Timeout = TimeSpan.FromSeconds(1),
        });

        Assert.Equal(AgentScriptStatus.TimedOut, result.Status);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal("timed out after 00:00:01; interrupted with SIGHUP; killed after the 0.5 s grace period", result.Reason);
        Assert.Contains(harness.Logger.Messages, m => m.Contains("stubborn") && m.Contains("killing"));
    }

    [Fact]
    public async Task A_script_that_finishes_within_its_timeout_is_Ok()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(new ScriptDefinition("quick") { Script = "true", Timeout = TimeSpan.FromMinutes(5) });
        Assert.Equal(AgentScriptStatus.Ok, result.Status);
    }

    [Fact]
    public async Task A_background_child_holding_stdout_makes_it_PipesLeftOpen_with_a_warning_in_the_log_and_to_the_observer()
    {
        using var harness = new ScriptTestHarness(o => o.PipeDelay = TimeSpan.FromSeconds(1));
        var result = await harness.RunOneAsync(Sh("daemon", "sleep 300 & echo child=$!; echo done"));

        Assert.Equal(AgentScriptStatus.PipesLeftOpen, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("exited with code 0, but a background process it started still held its output open 1 s after the exit", result.Reason);
        Assert.Contains("done", result.Output);

        var warning = Assert.Single(harness.Observer.Warnings("daemon"));
        Assert.Contains("background process", warning);
        Assert.Contains("> /dev/null 2>&1 &", warning);
        Assert.Contains(warning, File.ReadAllText(result.LogPath!));

        // The sleep outlives the run, and the runner ends it when it closes.
        var child = Pids.Parse(result.Output!, "child=").Single();
        Assert.True(Pids.IsAlive(child));
        await Eventually.Within(harness.Runner.CloseAsync(), "close ends what the script left");
        Assert.False(Pids.IsAlive(child));
    }

    [Fact]
    public async Task A_background_child_with_redirected_output_leaves_the_script_Ok()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("daemon", "sleep 300 > /dev/null 2>&1 & echo child=$!"));

        Assert.Equal(AgentScriptStatus.Ok, result.Status);
        Assert.Empty(harness.Observer.Warnings("daemon"));
        var child = Pids.Parse(result.Output!, "child=").Single();
        await Eventually.Within(harness.Runner.CloseAsync(), "close ends what the script left");
        Assert.False(Pids.IsAlive(child));
    }

    [Fact]
    public async Task Skipped_and_Canceled_runs_have_no_exit_code_log_or_times()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(Sh("bad", "exit 1"), new ScriptDefinition("next") { Script = "true", DependsOn = new[] { "bad" } });

        var skipped = results[1];
        Assert.Equal(AgentScriptStatus.Skipped, skipped.Status);
        Assert.Null(skipped.ExitCode);
        Assert.Null(skipped.LogPath);
        Assert.Null(skipped.StartedAt);
        Assert.Null(skipped.Duration);
        Assert.DoesNotContain("next", harness.Observer.Started);
    }

    [Fact]
    public async Task The_stage_of_the_request_is_on_every_result()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(harness.Request(stage: AgentScriptStage.Start), System.Threading.CancellationToken.None, Sh("a", "true"), Sh("b", "exit 1"));
        Assert.All(results, r => Assert.Equal(AgentScriptStage.Start, r.Stage));
        Assert.Contains("(Start) starting", File.ReadAllText(results[0].LogPath!));
    }
}
