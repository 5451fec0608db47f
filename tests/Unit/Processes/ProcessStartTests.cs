using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

public sealed class ProcessStartTests
{
    [Fact]
    public async Task Start_returns_at_once_and_the_output_and_exit_code_arrive_later()
    {
        using var manager = TestManagers.Create();
        using var gate = new TempDirectory();
        var release = Path.Combine(gate.Path, "go");

        // The process cannot finish before the test creates the file, so Start must return first.
        var process = manager.Start(new ProcessStartRequest($"while [ ! -e '{release}' ]; do sleep 0.01; done; echo hello; exit 3"));
        Assert.Equal(AgentProcessState.Running, process.State);
        Assert.Null(process.ExitCode);

        File.WriteAllText(release, string.Empty);
        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal(AgentProcessState.Exited, process.State);
        Assert.Equal(3, process.ExitCode);
        Assert.Null(process.Signal);
        Assert.Equal("hello\n", process.ReadOutput().Output);
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_reader_sees_end_of_file()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("cat; echo after-cat"));
        var output = await process.ReadOutputAsync(wait: true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal(0, output.ExitCode);
        Assert.Equal("after-cat\n", output.Output);
    }

    [Fact]
    public async Task Stderr_is_captured_with_stdout_in_the_order_written()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("echo one; echo two >&2; echo three; echo four >&2"));
        var output = await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal("one\ntwo\nthree\nfour\n", output.Output);
    }

    [Fact]
    public async Task Working_directory_is_explicit_else_session_default_else_caller_directory()
    {
        using var explicitDir = new TempDirectory();
        using var callerDir = new TempDirectory();
        using var defaultDir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(callerDir.Path, "sub"));

        using var manager = TestManagers.Create();
        Assert.Equal(explicitDir.Path, await Pwd(manager, new ProcessStartRequest("pwd -P") { WorkingDirectory = explicitDir.Path, CallerDirectory = callerDir.Path }));
        Assert.Equal(Path.Combine(callerDir.Path, "sub"), await Pwd(manager, new ProcessStartRequest("pwd -P") { WorkingDirectory = "sub", CallerDirectory = callerDir.Path }));
        Assert.Equal(callerDir.Path, await Pwd(manager, new ProcessStartRequest("pwd -P") { CallerDirectory = callerDir.Path }));

        manager.SetDefaultWorkingDirectory(defaultDir.Path);
        Assert.Equal(defaultDir.Path, await Pwd(manager, new ProcessStartRequest("pwd -P") { CallerDirectory = callerDir.Path }));
        var again = Assert.Throws<AgentProcException>(() => manager.SetDefaultWorkingDirectory(explicitDir.Path));
        Assert.Equal("AgentSessionDefaultsAlreadySet", again.ErrorId);
    }

    [Fact]
    public void A_missing_working_directory_is_an_error_naming_it()
    {
        using var manager = TestManagers.Create();
        var missing = Path.Combine(Path.GetTempPath(), "agentproc-missing-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("true") { WorkingDirectory = missing }));
        Assert.Equal("AgentProcessWorkingDirectoryNotFound", error.ErrorId);
        Assert.Equal(AgentErrorKind.PathNotFound, error.Kind);
        Assert.Contains(missing, error.Message);
        Assert.Empty(manager.List());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void An_empty_command_is_an_invalid_argument(string command)
    {
        using var manager = TestManagers.Create();
        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest(command)));
        Assert.Equal("AgentProcessEmptyCommand", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_timeout_that_is_not_positive_is_an_invalid_argument(int seconds)
    {
        using var manager = TestManagers.Create();
        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("true") { Timeout = TimeSpan.FromSeconds(seconds) }));
        Assert.Equal("AgentProcessInvalidTimeout", error.ErrorId);
        Assert.Contains(TimeSpan.FromSeconds(seconds).ToString(), error.Message);
    }

    [Fact]
    public async Task Environment_is_inherited_then_session_defaults_then_per_call_and_the_last_writer_wins()
    {
        using var manager = TestManagers.Create();
        var inherited = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH")!,
            ["A_INHERITED"] = "inherited",
            ["B_OVERRIDDEN_BY_DEFAULT"] = "inherited",
            ["C_OVERRIDDEN_BY_CALL"] = "inherited",
            ["D_REMOVED"] = "inherited",
        };
        manager.SetDefaultEnvironment(new Dictionary<string, string?>
        {
            ["B_OVERRIDDEN_BY_DEFAULT"] = "default",
            ["C_OVERRIDDEN_BY_CALL"] = "default",
            ["E_DEFAULT"] = "default",
        });
        var process = manager.Start(new ProcessStartRequest("echo \"$A_INHERITED,$B_OVERRIDDEN_BY_DEFAULT,$C_OVERRIDDEN_BY_CALL,${D_REMOVED-unset},$E_DEFAULT,$F_CALL\"")
        {
            InheritedEnvironment = inherited,
            Environment = new Dictionary<string, string?> { ["C_OVERRIDDEN_BY_CALL"] = "call", ["D_REMOVED"] = null, ["F_CALL"] = "call" },
        });
        var output = await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal("inherited,default,call,unset,default,call\n", output.Output);
    }

    [Fact]
    public async Task Default_environments_merge_and_null_takes_a_name_out_for_later_starts_only()
    {
        using var manager = TestManagers.Create();
        manager.SetDefaultEnvironment(new Dictionary<string, string?> { ["AGENTPROC_X"] = "1", ["AGENTPROC_Y"] = "1" });
        var before = manager.Start(new ProcessStartRequest("echo \"${AGENTPROC_X-unset},${AGENTPROC_Y-unset},${AGENTPROC_Z-unset}\"; sleep 0.2"));

        manager.SetDefaultEnvironment(new Dictionary<string, string?> { ["AGENTPROC_X"] = null, ["AGENTPROC_Z"] = "2" });
        var after = manager.Start(new ProcessStartRequest("echo \"${AGENTPROC_X-unset},${AGENTPROC_Y-unset},${AGENTPROC_Z-unset}\""));

        Assert.Equal("1,1,unset\n", (await before.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None)).Output);
        Assert.Equal("unset,1,2\n", (await after.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None)).Output);
        Assert.Equal(new[] { "AGENTPROC_Y", "AGENTPROC_Z" }, manager.DefaultEnvironment!.Keys.OrderBy(k => k));
    }

    [Fact]
    public async Task The_session_bin_directory_is_first_on_PATH()
    {
        var bin = Path.Combine(Path.GetTempPath(), "agentproc-bin-" + Guid.NewGuid().ToString("N"));
        using var manager = TestManagers.Create();
        manager.BinDirectory = () => bin;
        var process = manager.Start(new ProcessStartRequest("echo \"$PATH|$AGENTPROC_SCRIPT_BIN_DIR\""));
        var output = (await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None)).Output.Trim().Split('|');
        Assert.StartsWith(bin + ":", output[0]);
        Assert.Equal(bin, output[1]);
    }

    [Fact]
    public async Task The_environment_of_this_process_is_inherited_when_none_is_given()
    {
        using var manager = TestManagers.Create();
        var name = "AGENTPROC_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-dotnet");
        try
        {
            var process = manager.Start(new ProcessStartRequest($"printf %s \"${name}\""));
            Assert.Equal("from-dotnet", (await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None)).Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task Name_defaults_to_the_commands_first_word_and_flags_are_kept()
    {
        using var manager = TestManagers.Create();
        var unnamed = manager.Start(new ProcessStartRequest("  /bin/echo hi"));
        var named = manager.Start(new ProcessStartRequest("true") { Name = "build", Background = true });
        Assert.Equal("echo", unnamed.Name);
        Assert.Equal("build", named.Name);
        Assert.True(named.Background);
        Assert.False(unnamed.Background);
        Assert.NotEqual(unnamed.InstanceId, named.InstanceId);
        Assert.Equal(unnamed.Id + 1, named.Id);
        await Eventually.Within(Task.WhenAll(unnamed.Completion, named.Completion), "both exit");
    }

    [Fact]
    public async Task The_same_idempotency_key_and_inputs_return_the_existing_process()
    {
        using var manager = TestManagers.Create();
        var first = manager.Start(new ProcessStartRequest("sleep 30") { IdempotencyKey = "k1", Name = "n" });
        var second = manager.Start(new ProcessStartRequest("sleep 30") { IdempotencyKey = "k1", Name = "n" });
        Assert.Same(first, second);
        Assert.Single(manager.List());

        var error = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("sleep 31") { IdempotencyKey = "k1", Name = "n" }));
        Assert.Equal("AgentProcessIdempotencyConflict", error.ErrorId);
        Assert.Contains("k1", error.Message);
        Assert.Contains(first.Id.ToString(), error.Message);

        var other = manager.Start(new ProcessStartRequest("sleep 30") { IdempotencyKey = "k2", Name = "n" });
        Assert.NotSame(first, other);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_deadline_terminates_the_group_and_marks_the_process_timed_out()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("sleep 60 & echo child=$!; wait") { Timeout = TimeSpan.FromMilliseconds(300) });
        await Eventually.TrueAsync(() => process.ReadOutput().Output.Contains("child="), "the child's pid is printed");
        var child = Pids.Parse(process.ReadOutput().Output, "child=")[0];

        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.True(process.TimedOut);
        Assert.Equal(143, process.ExitCode);
        Assert.Equal("SIGTERM", process.Signal);
        await Eventually.TrueAsync(() => !Pids.IsAlive(child), "the deadline ends the grandchild too");
    }

    [Fact]
    public async Task A_deadline_follows_the_stop_policy_its_signal_then_the_grace_then_kill()
    {
        using var manager = TestManagers.Create(o => o.CloseGracePeriod = TimeSpan.FromMilliseconds(500));
        var process = manager.Start(new ProcessStartRequest("trap 'echo got-int' INT; echo ready; while :; do sleep 0.05; done")
        {
            Timeout = TimeSpan.FromMilliseconds(300),
            TimeoutSignal = ProcessSignal.Interrupt,
        });

        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.True(process.TimedOut);
        Assert.Contains("got-int", process.ReadOutput().Output);
        Assert.Equal("SIGKILL", process.Signal);
    }

    [Fact]
    public async Task A_process_that_ends_before_its_deadline_is_not_timed_out()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("exit 0") { Timeout = TimeSpan.FromMinutes(5) });
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        Assert.False(process.TimedOut);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Starts_and_exits_are_logged()
    {
        var logger = new ListLogger();
        using var manager = TestManagers.Create(logger: logger);
        var process = manager.Start(new ProcessStartRequest("exit 4") { Name = "logged" });
        await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        await Eventually.TrueAsync(() => Array.Exists(logger.Messages, m => m.Contains("exited with code 4")), "the exit is logged");
        Assert.Contains(logger.Messages, m => m.Contains("Started agent process") && m.Contains("logged"));
    }

    private static async Task<string> Pwd(ProcessManager manager, ProcessStartRequest request)
    {
        var output = await manager.Start(request).ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);
        return output.Output.TrimEnd('\n');
    }
}
