using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Scripts;
using AgentProc.Sessions;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Sessions;

/// <summary>On-close scripts: run at close, in order, before the processes are stopped, and never in the way of the close.</summary>
public sealed class AgentSessionCloseScriptTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly AgentSession session = new();

    public AgentSessionCloseScriptTests()
    {
        session.ScriptRunner.Options.LogDirectory = Path.Combine(temp.Path, "logs");
        session.ScriptRunner.Options.DataDirectory = Path.Combine(temp.Path, "data");
        session.ScriptRunner.Options.GracePeriod = TimeSpan.FromSeconds(1);
        session.ProcessManager.Options.CloseGracePeriod = TimeSpan.FromSeconds(2);
    }

    public void Dispose()
    {
        session.Dispose();
        temp.Dispose();
    }

    private ScriptDefinition Script(string name, string text, string[]? dependsOn = null, string[]? after = null) =>
        new(name) { Script = text, WorkingDirectory = temp.Path, DependsOn = dependsOn ?? Array.Empty<string>(), After = after ?? Array.Empty<string>() };

    [Fact]
    public async Task Close_runs_them_in_dependency_order_while_the_processes_still_run_then_stops_everything()
    {
        var server = session.ProcessManager.Start(new ProcessStartRequest("sleep 300") { CallerDirectory = temp.Path });
        var marks = Path.Combine(temp.Path, "marks");
        session.Scheduler.RegisterOnClose(Script("second", $"echo second >> {marks}; echo said-second", after: new[] { "first" }));
        session.Scheduler.RegisterOnClose(Script("first", $"kill -0 {server.ProcessId} && echo first-saw-the-server >> {marks}"));

        await Eventually.Within(session.CloseAsync(), "the session closes");

        Assert.Equal(new[] { "first-saw-the-server", "second" }, File.ReadAllLines(marks));
        Assert.Equal(AgentProcessState.Exited, server.State);
        var history = session.Scheduler.History();
        Assert.Equal(2, history.Count);
        Assert.All(history, r => Assert.Equal(AgentScriptStage.Stop, r.Stage));
        Assert.All(history, r => Assert.Equal(AgentScriptStatus.Ok, r.Status));
        Assert.Contains(session.Log.Read(), e => e.Message == "[second] said-second");
        Assert.Contains(session.Log.Read(), e => e.Message == "On-close run of 'first' ended Ok (exit code 0)");
    }

    [Fact]
    public async Task A_close_scripts_stderr_lines_are_logged_at_error_level_and_its_stdout_at_information()
    {
        session.Scheduler.RegisterOnClose(Script("speaker", "echo all-good; echo went-wrong >&2"));

        await Eventually.Within(session.CloseAsync(), "the session closes");

        var entries = session.Log.Read();
        Assert.Equal(AgentLogLevel.Information, Assert.Single(entries, e => e.Message == "[speaker] all-good").Level);
        Assert.Equal(AgentLogLevel.Error, Assert.Single(entries, e => e.Message == "[speaker] went-wrong").Level);
    }

    [Fact]
    public async Task A_failing_or_unrunnable_close_script_never_keeps_the_others_or_the_close_from_happening()
    {
        var server = session.ProcessManager.Start(new ProcessStartRequest("sleep 300") { CallerDirectory = temp.Path });
        var gone = Path.Combine(temp.Path, "gone.sh");
        File.WriteAllText(gone, "true\n");
        session.Scheduler.RegisterOnClose(new ScriptDefinition("deleted") { Path = gone, WorkingDirectory = temp.Path });
        session.Scheduler.RegisterOnClose(Script("fails", "exit 3"));
        session.Scheduler.RegisterOnClose(Script("needs-fails", "true", dependsOn: new[] { "fails" }));
        session.Scheduler.RegisterOnClose(Script("works", "true"));
        File.Delete(gone);

        await Eventually.Within(session.CloseAsync(), "the session closes");

        var byName = session.Scheduler.History().ToDictionary(r => r.Name, r => r.Status);
        Assert.Equal(AgentScriptStatus.ExitFailure, byName["deleted"]);
        Assert.Equal(AgentScriptStatus.ExitFailure, byName["fails"]);
        Assert.Equal(AgentScriptStatus.Skipped, byName["needs-fails"]);
        Assert.Equal(AgentScriptStatus.Ok, byName["works"]);
        Assert.Equal(AgentProcessState.Exited, server.State);
    }

    [Fact]
    public async Task The_close_timeout_interrupts_close_scripts_that_run_too_long()
    {
        session.ScriptRunner.Options.CloseTimeout = TimeSpan.FromSeconds(1);
        session.Scheduler.RegisterOnClose(Script("hangs", "sleep 300"));

        await Eventually.Within(session.CloseAsync(), "the session closes despite the hanging script");

        Assert.Equal(AgentScriptStatus.Canceled, session.Scheduler.History("hangs").Single().Status);
    }

    [Fact]
    public async Task Names_are_shared_with_schedules_and_an_unregistered_one_is_gone()
    {
        session.Scheduler.RegisterOnClose(Script("flush", "true"));
        Assert.Equal("AgentScheduleExists", Assert.Throws<AgentProcException>(() => session.Scheduler.Register(Script("flush", "true"), "0 0 3 * * *", TimeZoneInfo.Utc)).ErrorId);
        Assert.Equal("OnClose", session.Scheduler.Get("flush").Trigger);
        Assert.Null(session.Scheduler.Get("flush").Cron);

        await session.Scheduler.UnregisterAsync("flush", false, CancellationToken.None);
        Assert.Empty(session.Scheduler.List());
    }
}
