using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Scripts;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptValidationTests
{
    private static AgentProcException Rejects(ScriptTestHarness harness, params ScriptDefinition[] scripts) =>
        Assert.Throws<AgentProcException>(() => harness.Runner.Validate(scripts, harness.Path));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Empty_script_text_is_rejected_naming_the_script(string text)
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, Sh("blank", text));
        Assert.Equal("AgentScriptEmptyScript", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("'blank'", error.Message);
    }

    [Fact]
    public void Both_text_and_path_are_rejected()
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, new ScriptDefinition("both") { Script = "true", Path = "/bin/true" });
        Assert.Equal("AgentScriptSourceConflict", error.ErrorId);
        Assert.Contains("'both'", error.Message);
        Assert.Contains("exactly one", error.Message);
    }

    [Fact]
    public void Neither_text_nor_path_is_rejected()
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, new ScriptDefinition("none"));
        Assert.Equal("AgentScriptNoSource", error.ErrorId);
        Assert.Contains("'none'", error.Message);
    }

    [Fact]
    public void A_missing_script_file_is_PathNotFound_naming_the_resolved_path()
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, new ScriptDefinition("missing") { Path = "nowhere/setup.sh" });
        Assert.Equal("AgentScriptFileNotFound", error.ErrorId);
        Assert.Equal(AgentErrorKind.PathNotFound, error.Kind);
        var expected = Path.Combine(harness.Path, "nowhere", "setup.sh");
        Assert.Contains(expected, error.Message);
        Assert.Equal(expected, error.Target);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_timeout_that_is_not_positive_is_rejected_naming_the_value(int seconds)
    {
        using var harness = new ScriptTestHarness();
        var value = TimeSpan.FromSeconds(seconds);
        var error = Rejects(harness, new ScriptDefinition("t") { Script = "true", Timeout = value });
        Assert.Equal("AgentScriptInvalidTimeout", error.ErrorId);
        Assert.Contains(value.ToString(), error.Message);
        Assert.Contains("greater than zero", error.Message);
    }

    [Fact]
    public void Duplicate_names_are_rejected_ignoring_case()
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, Sh("Setup", "true"), Sh("other", "true"), Sh("setup", "true"));
        Assert.Equal("AgentScriptDuplicateName", error.ErrorId);
        Assert.Contains("'setup'", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_name_is_rejected(string name)
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, Sh(name, "true"));
        Assert.Equal("AgentScriptEmptyName", error.ErrorId);
    }

    [Fact]
    public void A_missing_working_directory_is_rejected_naming_it()
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, new ScriptDefinition("wd") { Script = "true", WorkingDirectory = "gone" });
        Assert.Equal("AgentScriptWorkingDirectoryNotFound", error.ErrorId);
        Assert.Equal(AgentErrorKind.PathNotFound, error.Kind);
        Assert.Contains(Path.Combine(harness.Path, "gone"), error.Message);
    }

    [Fact]
    public void An_empty_log_path_is_rejected()
    {
        using var harness = new ScriptTestHarness();
        var error = Rejects(harness, new ScriptDefinition("log") { Script = "true", LogPath = " " });
        Assert.Equal("AgentScriptEmptyLogPath", error.ErrorId);
        Assert.Contains("'log'", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_throttle_limit_below_one_is_rejected_naming_it(int throttle)
    {
        using var harness = new ScriptTestHarness();
        var error = await Assert.ThrowsAsync<AgentProcException>(() => harness.Runner.RunAsync(new[] { Sh("a", "true") }, harness.Request(throttle: throttle), harness.Observer, CancellationToken.None));
        Assert.Equal("AgentScriptInvalidThrottleLimit", error.ErrorId);
        Assert.Contains($"'{throttle}'", error.Message);
    }

    [Fact]
    public async Task One_bad_script_stops_the_whole_run_before_anything_starts()
    {
        using var harness = new ScriptTestHarness();
        var marker = harness.File("marker");
        var error = await Assert.ThrowsAsync<AgentProcException>(() => harness.Runner.RunAsync(
            new[] { Sh("good", $"touch {marker}"), new ScriptDefinition("bad") { Script = "true", Timeout = TimeSpan.Zero } },
            harness.Request(),
            harness.Observer,
            CancellationToken.None));

        Assert.Equal("AgentScriptInvalidTimeout", error.ErrorId);
        Assert.False(File.Exists(marker));
        Assert.Empty(harness.Observer.Events);
    }

    [Fact]
    public void Bad_option_values_are_rejected_naming_them()
    {
        var options = new ScriptRunnerOptions();
        Assert.Equal("AgentProcessInvalidTimeout", Assert.Throws<AgentProcException>(() => options.GracePeriod = TimeSpan.Zero).ErrorId);
        Assert.Equal("AgentProcessInvalidTimeout", Assert.Throws<AgentProcException>(() => options.PipeDelay = TimeSpan.FromSeconds(-1)).ErrorId);
        Assert.Contains("DefaultThrottleLimit", Assert.Throws<AgentProcException>(() => options.DefaultThrottleLimit = 0).Message);
        Assert.Equal("AgentProcessInvalidSize", Assert.Throws<AgentProcException>(() => options.HeadBytes = -1).ErrorId);
        Assert.Equal("AgentScriptInvalidDirectory", Assert.Throws<AgentProcException>(() => options.LogDirectory = " ").ErrorId);
        Assert.Equal("AgentScriptInvalidDirectory", Assert.Throws<AgentProcException>(() => options.DataDirectory = "").ErrorId);
    }

    [Fact]
    public void The_defaults_are_per_user_directories_under_temp_and_ten_second_delays()
    {
        var options = new ScriptRunnerOptions();
        Assert.StartsWith(Path.GetTempPath(), options.LogDirectory);
        Assert.Contains("agentproc-", options.LogDirectory);
        Assert.EndsWith("logs", options.LogDirectory);
        Assert.EndsWith("data", options.DataDirectory);
        Assert.Equal(Path.Combine(options.DataDirectory, "bin"), options.BinDirectory);
        Assert.Equal(TimeSpan.FromSeconds(10), options.GracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), options.PipeDelay);
        Assert.True(options.DefaultThrottleLimit >= 1);
        Assert.Equal(16 * 1024, options.HeadBytes);
        Assert.Equal(16 * 1024, options.TailBytes);
    }
}
