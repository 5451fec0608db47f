using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Scripts;
using AgentProc.Sessions;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Sessions;

/// <summary>Cron runs through the session: the real runner, driven by a manual clock.</summary>
public sealed class AgentSessionScheduleTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AgentSession session;

    public AgentSessionScheduleTests()
    {
        session = new AgentSession(clock);
        session.Scripts.Options.LogDirectory = Path.Combine(temp.Path, "logs");
        session.Scripts.Options.DataDirectory = Path.Combine(temp.Path, "data");
        session.Scripts.Options.GracePeriod = TimeSpan.FromSeconds(2);
    }

    public void Dispose()
    {
        session.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task A_cron_run_goes_through_the_runner_and_is_counted()
    {
        session.Schedules.Register(new ScriptDefinition("tick") { Script = "echo tick", WorkingDirectory = temp.Path }, "* * * * * *", TimeZoneInfo.Utc);
        clock.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => session.Schedules.History("tick").Count == 1, "the run is recorded");
        var result = session.Schedules.History("tick")[0];
        Assert.Equal(AgentScriptStatus.Ok, result.Status);
        Assert.Equal(AgentScriptStage.Cron, result.Stage);
        Assert.Contains("tick", result.Output);
        Assert.Equal(1, session.Scripts.Counters.Succeeded);
        await Eventually.TrueAsync(() => session.Log.Read().Any(e => e.Message.Contains("Scheduled run of 'tick' ended Ok")), "the run is in the session log");
    }

    [Fact]
    public async Task A_skipped_overlap_counts_as_skipped_in_the_session()
    {
        var started = Path.Combine(temp.Path, "started");
        session.Schedules.Register(new ScriptDefinition("long") { Script = $"touch '{started}'; sleep 300", WorkingDirectory = temp.Path }, "* * * * * *", TimeZoneInfo.Utc);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => File.Exists(started), "the first run starts");

        clock.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => session.Scripts.Counters.Skipped == 1, "the overlap is counted");
        Assert.Equal(1, session.Schedules.Get("long").SkippedOverlaps);
    }

    [Fact]
    public async Task A_cron_run_whose_file_is_gone_is_a_counted_failure_with_the_reason()
    {
        var file = Path.Combine(temp.Path, "job.sh");
        File.WriteAllText(file, "echo hi\n");
        session.Schedules.Register(new ScriptDefinition("job") { Path = file, WorkingDirectory = temp.Path }, "* * * * * *", TimeZoneInfo.Utc);
        File.Delete(file);

        clock.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => session.Schedules.History("job").Count == 1, "the failed run is recorded");
        var result = session.Schedules.History("job")[0];
        Assert.Equal(AgentScriptStatus.ExitFailure, result.Status);
        Assert.Contains(file, result.Reason);
        Assert.Equal(1, session.Scripts.Counters.Failed);
    }

    [Fact]
    public async Task Closing_the_session_stops_a_running_cron_run()
    {
        var started = Path.Combine(temp.Path, "started");
        session.Schedules.Register(new ScriptDefinition("long") { Script = $"echo $$ > '{started}'; exec sleep 300", WorkingDirectory = temp.Path }, "* * * * * *", TimeZoneInfo.Utc);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => File.Exists(started) && File.ReadAllText(started).Trim().Length > 0, "the run starts");
        var pid = int.Parse(File.ReadAllText(started).Trim());

        await Eventually.Within(session.CloseAsync(), "the session closes");

        Assert.False(Pids.IsAlive(pid));
        Assert.Equal(AgentScriptStatus.Canceled, session.Schedules.History("long")[0].Status);
    }

    [Fact]
    public void A_schedule_shows_the_log_file_its_runs_write()
    {
        var plain = session.Schedules.Register(new ScriptDefinition("plain") { Script = "true", WorkingDirectory = temp.Path }, "@daily", TimeZoneInfo.Utc);
        var named = session.Schedules.Register(new ScriptDefinition("named") { Script = "true", WorkingDirectory = temp.Path, LogPath = "sub/named.log" }, "@daily", TimeZoneInfo.Utc);

        Assert.Equal(Path.Combine(temp.Path, "logs", "agentproc-script-plain.log"), plain.LogPath);
        Assert.Equal(Path.Combine(temp.Path, "logs", "sub", "named.log"), named.LogPath);

        // It follows the session's settings, as the next run will.
        session.Scripts.Options.LogDirectory = Path.Combine(temp.Path, "elsewhere");
        Assert.Equal(Path.Combine(temp.Path, "elsewhere", "agentproc-script-plain.log"), plain.LogPath);
    }

    [Fact]
    public async Task The_log_path_shown_is_the_one_the_run_writes()
    {
        var schedule = session.Schedules.Register(new ScriptDefinition("tick") { Script = "echo tick", WorkingDirectory = temp.Path }, "* * * * * *", TimeZoneInfo.Utc);
        clock.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => session.Schedules.History("tick").Count == 1, "the run is recorded");
        Assert.Equal(session.Schedules.History("tick")[0].LogPath, schedule.LogPath);
        Assert.Contains("tick", File.ReadAllText(schedule.LogPath!));
    }
}
