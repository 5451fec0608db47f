using System.IO;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptFileTests
{
    [Fact]
    public async Task An_executable_file_with_a_shebang_runs_through_its_interpreter()
    {
        using var harness = new ScriptTestHarness();
        var path = harness.WriteScript("tool.sh", "#!/bin/sh\necho \"running $0 with $#\"\nexit 5\n", executable: true);

        var result = await harness.RunOneAsync(new ScriptDefinition("tool") { Path = path });

        Assert.Equal(AgentScriptStatus.ExitFailure, result.Status);
        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"running {path} with 0\n", result.Output);
    }

    [Fact]
    public async Task A_file_that_is_not_executable_runs_with_sh()
    {
        using var harness = new ScriptTestHarness();
        var path = harness.WriteScript("plain.sh", "echo plain; echo err >&2\n", executable: false);

        var result = await harness.RunOneAsync(new ScriptDefinition("plain") { Path = "plain.sh" });

        Assert.Equal(AgentScriptStatus.Ok, result.Status);
        Assert.Equal("plain\nerr\n", result.Output);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_file_that_is_not_executable_but_has_a_shebang_runs_through_that_interpreter()
    {
        using var harness = new ScriptTestHarness();
        var path = harness.WriteScript("env.sh", "#!/usr/bin/env sh\necho \"args: $0\"\n", executable: false);

        var result = await harness.RunOneAsync(new ScriptDefinition("env") { Path = path });

        Assert.Equal(AgentScriptStatus.Ok, result.Status);
        Assert.Equal($"args: {path}\n", result.Output);
    }

    [Fact]
    public async Task A_path_with_quotes_and_spaces_runs_as_written()
    {
        using var harness = new ScriptTestHarness();
        harness.WriteScript("it's a $(danger) `x`.sh", "echo safe\n", executable: false);

        var result = await harness.RunOneAsync(new ScriptDefinition("quoted") { Path = "it's a $(danger) `x`.sh" });

        Assert.Equal(AgentScriptStatus.Ok, result.Status);
        Assert.Equal("safe\n", result.Output);
    }

    [Fact]
    public void The_command_quotes_every_path()
    {
        Assert.Equal("'a'\\''b'", ScriptCommand.Quote("a'b"));
        Assert.Equal("'$HOME'", ScriptCommand.Quote("$HOME"));
    }
}
