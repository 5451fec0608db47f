using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

/// <summary>A script's stdout and stderr: each line says which it came from, and the log and the result keep both.</summary>
public sealed class ScriptStreamTests
{
    public static TheoryData<string> Paths => new() { StartPaths.Spawn, StartPaths.Fallback };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Each_line_says_whether_it_came_from_stdout_or_stderr(string path)
    {
        using var harness = new ScriptTestHarness(platform: StartPaths.Platform(path));
        var result = await harness.RunOneAsync(Sh("both", "echo out1; echo err1 >&2; echo out2; echo err2 >&2; ls /nonexistent-agentproc-path"));

        Assert.Equal(new[] { "out1", "out2" }, harness.Observer.Lines("both", OutputStream.Stdout));
        var errors = harness.Observer.Lines("both", OutputStream.Stderr);
        Assert.Equal(new[] { "err1", "err2" }, errors.Take(2));
        Assert.Contains("nonexistent-agentproc-path", errors[2]);
        Assert.Equal(AgentScriptStatus.ExitFailure, result.Status);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_log_file_and_the_results_output_keep_both_streams(string path)
    {
        using var harness = new ScriptTestHarness(platform: StartPaths.Platform(path));

        // Each write waits until the one before is in the log, so the arrival order is the written order.
        var result = await harness.RunInStepsAsync("order", ("echo first", "first\n"), ("echo second >&2", "second\n"), ("echo third", "third\n"));

        Assert.Equal("first\nsecond\nthird\n", result.Output);
        var log = File.ReadAllText(result.LogPath!);
        Assert.Contains("first\nsecond\nthird\n", log);
        Assert.Equal(new[] { "first", "second", "third" }, harness.Observer.Lines("order"));
    }

    [Fact]
    public async Task A_partial_line_on_one_stream_is_not_joined_to_the_other()
    {
        using var harness = new ScriptTestHarness();
        await harness.RunOneAsync(Sh("partial", "printf 'std'; sleep 0.3; echo 'error line' >&2; sleep 0.3; echo 'out'"));

        Assert.Equal(new[] { "stdout" }, harness.Observer.Lines("partial", OutputStream.Stdout));
        Assert.Equal(new[] { "error line" }, harness.Observer.Lines("partial", OutputStream.Stderr));
    }

    [Fact]
    public async Task In_the_log_and_the_output_a_line_left_unfinished_is_ended_where_the_other_stream_writes()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunInStepsAsync("meet", ("printf 'half'", "half"), ("echo 'err' >&2", "\nerr\n"), ("echo ' done'", " done\n"), ("printf 'tail' >&2", "tail"));

        Assert.Equal("half\nerr\n done\ntail", result.Output);
        var log = File.ReadAllLines(result.LogPath!).Where(line => !line.StartsWith("=== ", System.StringComparison.Ordinal));
        Assert.Equal(new[] { "half", "err", " done", "tail" }, log);
        Assert.Equal(new[] { "half done" }, harness.Observer.Lines("meet", OutputStream.Stdout));
        Assert.Equal(new[] { "err", "tail" }, harness.Observer.Lines("meet", OutputStream.Stderr));
    }

    [Fact]
    public async Task Each_stream_keeps_its_own_last_line_without_a_newline()
    {
        using var harness = new ScriptTestHarness();
        await harness.RunOneAsync(Sh("tails", "printf 'to stdout'; printf 'to stderr' >&2"));

        Assert.Equal(new[] { "to stdout" }, harness.Observer.Lines("tails", OutputStream.Stdout));
        Assert.Equal(new[] { "to stderr" }, harness.Observer.Lines("tails", OutputStream.Stderr));
    }

    [Fact]
    public async Task A_syntax_error_of_the_shell_arrives_on_stderr()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("broken", "echo before\nif then fi"));

        Assert.Contains(harness.Observer.Lines("broken", OutputStream.Stderr), line => line.Contains("Syntax error", System.StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Syntax error", result.Output, System.StringComparison.OrdinalIgnoreCase);
        Assert.Equal(AgentScriptStatus.ExitFailure, result.Status);
    }

    [Fact]
    public async Task A_grandchild_holding_only_stderr_open_is_still_a_pipe_left_open()
    {
        using var harness = new ScriptTestHarness(o => o.PipeDelay = System.TimeSpan.FromSeconds(1));
        var result = await harness.RunOneAsync(Sh("holder", "sleep 30 >/dev/null & echo started"));

        Assert.Equal(AgentScriptStatus.PipesLeftOpen, result.Status);
        Assert.Equal(new[] { "started" }, harness.Observer.Lines("holder", OutputStream.Stdout));
    }
}
