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
    public async Task Entries_are_appended_to_the_file_when_one_is_set_without_waiting_for_a_close()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nested", "session.log");
        var log = new SessionLog { FilePath = path };
        log.CreateLogger("Scheduler").LogInformation("cron run finished");

        // Written by the background writer, which flushes as soon as its queue is empty.
        await Eventually.TrueAsync(() => File.ReadAllText(path).Contains("[Information] Scheduler: cron run finished"), "the entry reaches the file");
        log.Dispose();
    }

    [Fact]
    public async Task Entries_reach_the_target_passed_with_the_call_only_while_it_is_open()
    {
        var log = new SessionLog();
        var logger = log.CreateLogger("x");
        var target = new CollectingTarget();
        var routed = logger.RoutedTo(target);

        routed.LogInformation("while running");

        // Background work carries the target only if it is handed the routed logger...
        await Task.Run(() => routed.LogInformation("from a task"));
        await Task.Run(() => logger.LogInformation("from unrelated background work"));
        target.IsOpen = false;

        // ...and once the command has ended, later events go to the session log only.
        routed.LogInformation("after the end");

        Assert.Equal(new[] { "while running", "from a task" }, target.Entries.Select(e => e.Message));
        Assert.Equal(4, log.Read().Count);
    }

    [Fact]
    public void An_entry_already_shown_to_the_caller_is_logged_but_not_routed_again()
    {
        var log = new SessionLog();
        var logger = log.CreateLogger("Scripts");
        var target = new CollectingTarget();
        var routed = logger.RoutedTo(target);

        routed.LogWarning(LogEvents.ShownToCaller, "{Warning}", "the observer wrote this one");
        routed.LogWarning("this one is routed");

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

    [Fact]
    public void The_file_gets_every_entry_in_order_once_the_log_is_disposed_and_stays_open_meanwhile()
    {
        using var dir = new AgentProc.Tests.Infrastructure.TempDirectory();
        var path = System.IO.Path.Combine(dir.Path, "logs", "session.log");
        var log = new SessionLog();
        log.FilePath = path;
        var logger = log.CreateLogger("Test");
        for (var i = 0; i < 1000; i++)
        {
            logger.LogInformation("entry {Number}", i);
        }

        log.Dispose();

        var lines = System.IO.File.ReadAllLines(path);
        Assert.Equal(1000, lines.Length);
        Assert.EndsWith("entry 0", lines[0]);
        Assert.EndsWith("entry 999", lines[999]);
        logger.LogInformation("after the close");
        Assert.Equal(1000, System.IO.File.ReadAllLines(path).Length);
        Assert.Equal(1001, log.Read().Count);
    }

    [Fact]
    public void Switching_the_file_closes_the_old_one_with_everything_written()
    {
        using var dir = new AgentProc.Tests.Infrastructure.TempDirectory();
        var first = System.IO.Path.Combine(dir.Path, "first.log");
        var second = System.IO.Path.Combine(dir.Path, "second.log");
        var log = new SessionLog();
        var logger = log.CreateLogger("Test");
        log.FilePath = first;
        logger.LogInformation("to the first");
        log.FilePath = second;
        logger.LogInformation("to the second");
        log.FilePath = null;

        Assert.EndsWith("to the first", System.IO.File.ReadAllText(first).Trim());
        Assert.EndsWith("to the second", System.IO.File.ReadAllText(second).Trim());
        Assert.DoesNotContain("second", System.IO.File.ReadAllText(first));
    }
}
