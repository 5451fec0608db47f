using System;
using System.Collections.Generic;
using System.IO;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

/// <summary>Bad input is refused before anything starts, with an error that names the value.</summary>
public sealed class ProcessInputTests
{
    public static TheoryData<string, string> BadRequests => new()
    {
        { "nul-command", "AgentProcessNulCharacter" },
        { "env-empty-name", "AgentProcessInvalidEnvironmentName" },
        { "env-equals-name", "AgentProcessInvalidEnvironmentName" },
        { "env-nul-name", "AgentProcessInvalidEnvironmentName" },
        { "env-nul-value", "AgentProcessNulCharacter" },
        { "blank-directory", "AgentProcessBlankValue" },
        { "blank-key", "AgentProcessBlankValue" },
        { "timeout-60d", "AgentProcessDurationTooLong" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_bad_request_is_refused_and_starts_nothing(string kind, string errorId)
    {
        using var manager = TestManagers.Create();
        var running = manager.Start(new ProcessStartRequest("sleep 300"));
        var request = kind switch
        {
            "nul-command" => new ProcessStartRequest("echo safe\0; rm -rf nothing"),
            "env-empty-name" => new ProcessStartRequest("true") { Environment = new Dictionary<string, string?> { [""] = "x" } },
            "env-equals-name" => new ProcessStartRequest("true") { Environment = new Dictionary<string, string?> { ["A=B"] = "x" } },
            "env-nul-name" => new ProcessStartRequest("true") { Environment = new Dictionary<string, string?> { ["A\0B"] = "x" } },
            "env-nul-value" => new ProcessStartRequest("true") { Environment = new Dictionary<string, string?> { ["A"] = "x\0y" } },
            "blank-directory" => new ProcessStartRequest("true") { WorkingDirectory = "" },
            "blank-key" => new ProcessStartRequest("true") { IdempotencyKey = " " },
            _ => new ProcessStartRequest("true") { Timeout = TimeSpan.FromDays(60) },
        };

        var error = Assert.Throws<AgentProcException>(() => manager.Start(request));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(new[] { running }, manager.List());
        Assert.Equal(AgentProcessState.Running, running.State);
    }

    [Fact]
    public void The_NUL_error_shows_where_the_command_would_have_been_cut()
    {
        using var manager = TestManagers.Create();
        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("echo a\0b")));
        Assert.Contains("echo a\\0b", error.Message);
        Assert.Contains("NUL", error.Message);
    }

    [Fact]
    public void A_command_the_OS_refuses_for_its_length_is_an_error_that_does_not_echo_it_whole()
    {
        using var manager = TestManagers.Create();
        var command = "echo " + new string('x', 4 * 1024 * 1024);

        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest(command)));

        Assert.Equal("AgentProcessStartFailed", error.ErrorId);
        Assert.True(error.Message.Length < 1000, "the message is short");
        Assert.Contains("characters in all", error.Message);
        Assert.Empty(manager.List());
    }

    [Fact]
    public void A_default_environment_with_a_bad_name_is_refused()
    {
        using var manager = TestManagers.Create();
        var error = Assert.Throws<AgentProcException>(() => manager.SetDefaultEnvironment(new Dictionary<string, string?> { ["X=1"] = "y" }));
        Assert.Equal("AgentProcessInvalidEnvironmentName", error.ErrorId);
        Assert.Null(manager.DefaultEnvironment);
    }

    [Fact]
    public void A_log_or_data_directory_that_is_a_file_is_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            var options = new ScriptRunnerOptions();
            var before = options.LogDirectory;
            Assert.Equal("AgentProcInvalidPath", Assert.Throws<AgentProcException>(() => options.LogDirectory = file).ErrorId);
            Assert.Equal("AgentProcInvalidPath", Assert.Throws<AgentProcException>(() => options.DataDirectory = file).ErrorId);
            Assert.Equal(before, options.LogDirectory);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
