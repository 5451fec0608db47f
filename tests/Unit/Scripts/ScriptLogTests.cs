using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptLogTests
{
    [Fact]
    public async Task The_log_holds_the_combined_output_between_a_header_and_an_end_line_and_is_0600()
    {
        using var harness = new ScriptTestHarness();
        // One write after another: stdout and stderr are two pipes, and what is pending on both at once
        // arrives in the order it is read.
        var result = await harness.RunInStepsAsync("build", ("echo out", "out\n"), ("echo err >&2", "err\n"), ("printf 'no newline'", "no newline"));

        var lines = File.ReadAllLines(result.LogPath!);
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^=== \d{4}-\d\d-\d\dT.*Z agentproc: script 'build' \(Manual\) starting ===$", lines[0]);
        Assert.Equal(new[] { "out", "err", "no newline" }, lines[1..4]);
        Assert.Matches(@"^=== .* agentproc: script 'build' ended: Ok ===$", lines[4]);
        Assert.Equal(FileModes.OwnerReadWrite, FileModes.Of(result.LogPath!));
    }

    [Fact]
    public async Task The_log_directory_is_created_owner_only_and_each_run_appends()
    {
        using var harness = new ScriptTestHarness();
        await harness.RunOneAsync(Sh("twice", "echo first"));
        var result = await harness.RunOneAsync(Sh("twice", "exit 4"));

        var text = File.ReadAllText(result.LogPath!);
        Assert.Contains("first", text);
        Assert.Contains("ended: ExitFailure (exited with code 4)", text);
        Assert.Equal(2, text.Split("starting ===").Length - 1);
        Assert.Equal(FileModes.OwnerOnly, FileModes.Of(harness.Options.LogDirectory));
    }

    [Fact]
    public async Task An_existing_log_file_keeps_its_mode()
    {
        using var harness = new ScriptTestHarness();
        var path = harness.File("mine.log");
        File.WriteAllText(path, "kept\n");
        FileModes.Set(path, FileModes.OwnerReadWrite | UnixFileMode.GroupRead);

        await harness.RunOneAsync(new ScriptDefinition("mine") { Script = "echo more", LogPath = path });

        Assert.StartsWith("kept\n", File.ReadAllText(path));
        Assert.Contains("more", File.ReadAllText(path));
        Assert.Equal(FileModes.OwnerReadWrite | UnixFileMode.GroupRead, FileModes.Of(path));
    }

    [Fact]
    public async Task A_relative_log_path_is_under_the_log_directory_with_its_parents_created()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(new ScriptDefinition("nested") { Script = "echo hi", LogPath = "deep/er/nested.log" });

        var expected = Path.Combine(harness.Options.LogDirectory, "deep", "er", "nested.log");
        Assert.Equal(expected, result.LogPath);
        Assert.Contains("hi", File.ReadAllText(expected));
        Assert.Equal(FileModes.OwnerReadWrite, FileModes.Of(expected));
    }

    [Theory]
    [InlineData("$LOGROOT/a.log")]
    [InlineData("${LOGROOT}/a.log")]
    [InlineData("%LOGROOT%/a.log")]
    public async Task Environment_variables_in_the_log_path_are_expanded_from_the_scripts_environment(string logPath)
    {
        using var harness = new ScriptTestHarness();
        var root = harness.File("elsewhere");
        var result = await harness.RunOneAsync(new ScriptDefinition("vars")
        {
            Script = "echo hi",
            LogPath = logPath,
            Environment = new Dictionary<string, string?> { ["LOGROOT"] = root },
        });

        Assert.Equal(Path.Combine(root, "a.log"), result.LogPath);
        Assert.True(File.Exists(result.LogPath));
    }

    [Fact]
    public async Task A_tilde_in_the_log_path_is_the_home_directory()
    {
        using var harness = new ScriptTestHarness();
        var home = harness.File("home");
        Directory.CreateDirectory(home);
        var request = new ScriptRunRequest
        {
            CallerDirectory = harness.Path,
            InheritedEnvironment = new Dictionary<string, string> { ["HOME"] = home, ["PATH"] = "/usr/bin:/bin" },
        };

        var results = await harness.RunAsync(request, CancellationToken.None, new ScriptDefinition("tilde") { Script = "echo hi", LogPath = "~/logs/t.log" });

        Assert.Equal(Path.Combine(home, "logs", "t.log"), results[0].LogPath);
        Assert.Contains("hi", File.ReadAllText(results[0].LogPath!));
    }

    [Fact]
    public async Task An_unknown_variable_is_left_as_written()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(new ScriptDefinition("unknown") { Script = "true", LogPath = "$AGENTPROC_NO_SUCH_VAR/x.log" });
        Assert.Equal(Path.Combine(harness.Options.LogDirectory, "$AGENTPROC_NO_SUCH_VAR", "x.log"), result.LogPath);
    }

    [Fact]
    public async Task A_name_that_is_not_a_safe_file_name_gets_a_sanitised_distinct_log_file()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(Sh("a/b c", "echo one"), Sh("a_b_c", "echo two"), Sh("..", "echo three"));

        Assert.All(results, r => Assert.Equal(harness.Options.LogDirectory, Path.GetDirectoryName(r.LogPath)));
        Assert.Equal(3, new HashSet<string>(new[] { results[0].LogPath!, results[1].LogPath!, results[2].LogPath! }).Count);
        Assert.Equal("agentproc-script-a_b_c.log", Path.GetFileName(results[1].LogPath));
        Assert.StartsWith("agentproc-script-a_b_c-", Path.GetFileName(results[0].LogPath));
        Assert.Contains("three", File.ReadAllText(results[2].LogPath!));
    }

    [Fact]
    public async Task A_log_that_cannot_be_created_is_an_ExitFailure_saying_why()
    {
        using var harness = new ScriptTestHarness();
        File.WriteAllText(harness.File("afile"), string.Empty);
        var result = await harness.RunOneAsync(new ScriptDefinition("nolog") { Script = "touch ran", LogPath = harness.File("afile/x.log") });

        Assert.Equal(AgentScriptStatus.ExitFailure, result.Status);
        Assert.StartsWith("could not be started: ", result.Reason);
        Assert.Null(result.ExitCode);
        Assert.False(File.Exists(harness.File("ran")));
        Assert.Equal(1, harness.Runner.Counters.Failed);
    }
}
