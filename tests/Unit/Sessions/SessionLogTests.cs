using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Sessions;
using AgentProc.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AgentProc.Tests.Sessions;

public sealed class SessionLogTests
{
    [Fact]
    public void Entries_are_kept_in_order_with_level_category_and_time()
    {
        var clock = new ManualTimeProvider();
        var log = new SessionLog(clock);
        var logger = log.CreateLogger("Processes");
        logger.LogInformation("first {Value}", 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        logger.LogWarning("second");

        var entries = log.Read();
        Assert.Equal(new[] { "first 1", "second" }, entries.Select(e => e.Message));
        Assert.Equal(new[] { LogLevel.Information, LogLevel.Warning }, entries.Select(e => e.Level));
        Assert.All(entries, e => Assert.Equal("Processes", e.Category));
        Assert.Equal(TimeSpan.FromSeconds(1), entries[1].Time - entries[0].Time);
    }

    [Fact]
    public void The_log_is_bounded_and_drops_the_oldest()
    {
        var log = new SessionLog(capacity: 3);
        var logger = log.CreateLogger("x");
        for (var i = 0; i < 10; i++)
        {
            logger.LogInformation("m{I}", i);
        }

        Assert.Equal(new[] { "m7", "m8", "m9" }, log.Read().Select(e => e.Message));
    }

    [Fact]
    public void Entries_are_appended_to_the_file_when_one_is_set()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nested", "session.log");
        var log = new SessionLog { FilePath = path };
        log.CreateLogger("Scheduler").LogInformation("cron run finished");
        Assert.Contains("[Information] Scheduler: cron run finished", File.ReadAllText(path));
    }

    [Fact]
    public async Task Entries_reach_the_routed_target_only_while_it_is_open_and_only_in_its_flow()
    {
        var log = new SessionLog();
        var logger = log.CreateLogger("x");
        var target = new CollectingTarget();

        LogRouting.Set(target);
        try
        {
            logger.LogInformation("while running");

            // Work started from here carries the target with it (the async context flows)...
            await Task.Run(() => logger.LogInformation("from a task"));
            target.IsOpen = false;

            // ...but once the command has ended, later background events go to the session log only.
            logger.LogInformation("after the end");
        }
        finally
        {
            LogRouting.Set(null);
        }

        logger.LogInformation("unrouted");
        Assert.Equal(new[] { "while running", "from a task" }, target.Entries.Select(e => e.Message));
        Assert.Equal(4, log.Read().Count);
    }

    [Fact]
    public void An_entry_already_shown_to_the_caller_is_logged_but_not_routed_again()
    {
        var log = new SessionLog();
        var logger = log.CreateLogger("Scripts");
        var target = new CollectingTarget();

        LogRouting.Set(target);
        try
        {
            logger.LogWarning(LogEvents.ShownToCaller, "{Warning}", "the observer wrote this one");
            logger.LogWarning("this one is routed");
        }
        finally
        {
            LogRouting.Set(null);
        }

        Assert.Equal(new[] { "this one is routed" }, target.Entries.Select(e => e.Message));
        Assert.Equal(new[] { "the observer wrote this one", "this one is routed" }, log.Read().Select(e => e.Message));
        Assert.All(log.Read(), e => Assert.Equal(LogLevel.Warning, e.Level));
    }

    private sealed class CollectingTarget : ILogTarget
    {
        public ConcurrentQueue<AgentSessionLogEntry> Entries { get; } = new();

        public bool IsOpen { get; set; } = true;

        public void Post(AgentSessionLogEntry entry) => Entries.Enqueue(entry);
    }
}

public sealed class SessionLogFileTests
{
    [Fact]
    public void A_log_file_that_cannot_be_opened_is_an_error_naming_it_and_changes_nothing()
    {
        using var dir = new AgentProc.Tests.Infrastructure.TempDirectory();
        var blocker = System.IO.Path.Combine(dir.Path, "a-file");
        System.IO.File.WriteAllText(blocker, "x");
        var log = new SessionLog();

        // A directory cannot be created where a file stands.
        var error = Assert.Throws<AgentProc.Errors.AgentProcException>(() => log.FilePath = System.IO.Path.Combine(blocker, "session.log"));
        Assert.Equal("AgentSessionLogPathUnusable", error.ErrorId);
        Assert.Contains(blocker, error.Message);
        Assert.Null(log.FilePath);
    }
}
