using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

public sealed class ProcessConcurrencyTests
{
    [Fact]
    public async Task Two_hundred_concurrent_starts_are_all_tracked_with_the_right_exit_codes()
    {
        using var manager = TestManagers.Create();
        var started = new ConcurrentBag<(int Expected, AgentProcess Process)>();
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
            started.Add((i % 97, manager.Start(new ProcessStartRequest($"echo {i}; exit {i % 97}")))));

        await Eventually.Within(Task.WhenAll(started.Select(s => s.Process.Completion)), "all 200 exit", TimeSpan.FromMinutes(2));

        Assert.Equal(200, manager.List().Count);
        Assert.Equal(200, started.Select(s => s.Process.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 200), started.Select(s => s.Process.Id).OrderBy(id => id));
        Assert.All(started, s => Assert.Equal(s.Expected, s.Process.ExitCode));
    }

    [Fact]
    public async Task Starts_reads_signals_and_a_close_at_once_are_safe()
    {
        var manager = TestManagers.Create();
        var errors = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();

        var starters = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    manager.Start(new ProcessStartRequest("echo x; sleep 300"));
                }
                catch (AgentProcException ex) when (ex.ErrorId == "AgentSessionClosed")
                {
                    return;
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                    return;
                }
            }
        })).ToArray();

        var readers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var process in manager.List())
                {
                    try
                    {
                        _ = process.ReadOutput();
                        if (process.Id % 3 == 0)
                        {
                            manager.Signal(process, ProcessSignal.Terminate);
                        }
                    }
                    catch (AgentProcException ex) when (ex.ErrorId == "AgentProcessNotRunning")
                    {
                    }
                    catch (Exception ex)
                    {
                        errors.Enqueue(ex);
                    }
                }
            }
        })).ToArray();

        await Eventually.TrueAsync(() => manager.List().Count >= 40 || !errors.IsEmpty, "forty processes start");
        await Eventually.Within(manager.CloseAsync(), "close finishes while others start and read");
        stop.Cancel();
        await Eventually.Within(Task.WhenAll(starters.Concat(readers)), "the workers stop");

        Assert.Empty(errors);
        Assert.All(manager.List(), p => Assert.Equal(AgentProcessState.Exited, p.State));
        Assert.All(manager.List(), p => Assert.False(Pids.IsAlive(p.ProcessId)));
    }

    [Fact]
    public async Task Concurrent_starts_with_one_idempotency_key_start_one_process()
    {
        using var manager = TestManagers.Create();
        var processes = new ConcurrentBag<AgentProcess>();
        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            processes.Add(manager.Start(new ProcessStartRequest("sleep 300") { IdempotencyKey = "one" })));

        Assert.Single(processes.Distinct());
        Assert.Single(manager.List());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_close_while_starts_are_under_way_leaves_no_process_behind()
    {
        var manager = TestManagers.Create();
        var started = new ConcurrentBag<AgentProcess>();
        var refused = 0;
        var starters = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
            {
                try
                {
                    started.Add(manager.Start(new ProcessStartRequest("sleep 300")));
                }
                catch (AgentProcException ex) when (ex.ErrorId == "AgentSessionClosed")
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
        })).ToArray();

        await Eventually.TrueAsync(() => started.Count >= 10, "some processes started");
        await Eventually.Within(manager.CloseAsync(), "the close ends");
        await Eventually.Within(Task.WhenAll(starters), "the starters stop");

        // Every process started, whether the close saw it or its starter ended it, is gone.
        await Eventually.TrueAsync(() => started.All(p => !Pids.IsAlive(p.ProcessId)), "no started process is left");
        Assert.True(refused > 0 || started.Count == 100);
    }
}
