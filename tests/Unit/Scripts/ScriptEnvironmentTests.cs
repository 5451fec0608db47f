using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptEnvironmentTests
{

    [Fact]
    public async Task Each_script_gets_a_private_data_directory_and_the_shared_bin_directory_first_on_PATH()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("env", "echo data=$AGENTPROC_SCRIPT_DATA_DIR; echo bin=$AGENTPROC_SCRIPT_BIN_DIR; echo path=$PATH"));

        var data = Path.Combine(harness.Options.DataDirectory, "scripts", "env");
        var bin = Path.Combine(harness.Options.DataDirectory, "bin");
        var lines = harness.Observer.Lines("env");
        Assert.Contains("data=" + data, lines);
        Assert.Contains("bin=" + bin, lines);
        Assert.Contains(lines, l => l.StartsWith("path=" + bin + ":", StringComparison.Ordinal));
        Assert.Equal(FileModes.OwnerOnly, FileModes.Of(data));
        Assert.Equal(FileModes.OwnerOnly, FileModes.Of(bin));
        Assert.Equal(FileModes.OwnerOnly, FileModes.Of(harness.Options.DataDirectory));
        Assert.Equal(AgentScriptStatus.Ok, result.Status);
    }

    [Fact]
    public async Task A_tool_one_script_puts_in_the_bin_directory_is_found_by_name_in_the_next()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(
            Sh("install", "printf '#!/bin/sh\\necho tool-ran\\n' > \"$AGENTPROC_SCRIPT_BIN_DIR/agentproc-test-tool\"; chmod +x \"$AGENTPROC_SCRIPT_BIN_DIR/agentproc-test-tool\""),
            new ScriptDefinition("use") { Script = "agentproc-test-tool", DependsOn = new[] { "install" } });

        Assert.Equal(AgentScriptStatus.Ok, results[1].Status);
        Assert.Equal("tool-ran\n", results[1].Output);
    }

    [Fact]
    public async Task Data_written_by_a_script_stays_in_its_directory_for_its_next_run()
    {
        using var harness = new ScriptTestHarness();
        await harness.RunOneAsync(Sh("keeper", "echo remembered > \"$AGENTPROC_SCRIPT_DATA_DIR/state\""));
        var second = await harness.RunOneAsync(Sh("keeper", "cat \"$AGENTPROC_SCRIPT_DATA_DIR/state\""));
        Assert.Equal("remembered\n", second.Output);
    }

    [Fact]
    public async Task The_environment_is_inherited_then_session_defaults_then_the_scripts_own_entries()
    {
        using var harness = new ScriptTestHarness();
        var request = new ScriptRunRequest
        {
            CallerDirectory = harness.Path,
            InheritedEnvironment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["A"] = "inherited", ["B"] = "inherited", ["C"] = "inherited", ["GONE"] = "x" },
            DefaultEnvironment = new Dictionary<string, string?> { ["B"] = "default", ["C"] = "default" },
        };
        var script = new ScriptDefinition("layers")
        {
            Script = "echo A=$A B=$B C=$C GONE=${GONE-unset}",
            Environment = new Dictionary<string, string?> { ["C"] = "script", ["GONE"] = null },
        };

        var results = await harness.RunAsync(request, CancellationToken.None, script);

        Assert.Equal("A=inherited B=default C=script GONE=unset\n", results[0].Output);
    }

    [Fact]
    public async Task The_script_runs_in_the_callers_directory_or_its_own_relative_to_it()
    {
        using var harness = new ScriptTestHarness();
        Directory.CreateDirectory(harness.File("sub"));
        var results = await harness.RunAsync(Sh("here", "pwd"), new ScriptDefinition("sub") { Script = "pwd", WorkingDirectory = "sub" });

        Assert.Equal(harness.Path + "\n", results[0].Output);
        Assert.Equal(harness.File("sub") + "\n", results[1].Output);
    }

    [Fact]
    public async Task Stdin_is_closed()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("stdin", "cat; echo after-cat"));
        Assert.Equal("after-cat\n", result.Output);
    }

    [Fact]
    public async Task A_script_named_bin_gets_its_own_data_directory_not_the_shared_bin()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("bin", "echo \"$AGENTPROC_SCRIPT_DATA_DIR|$AGENTPROC_SCRIPT_BIN_DIR\""));

        var dirs = result.Output!.Trim().Split('|');
        Assert.NotEqual(dirs[1], dirs[0]);
        Assert.Equal(Path.Combine(harness.Options.DataDirectory, "scripts", "bin"), dirs[0]);
    }
}
