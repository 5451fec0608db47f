using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AgentProc.Tests.Scheduling;

public class ScriptSchedulerConcurrencyTests
{
    [Fact]
    public async Task Registers_unregisters_and_firings_from_many_threads_stay_consistent()
    {
        using var h = new SchedulerHarness(historyCapacity: 50);
        using var stop = new CancellationTokenSource();

        // One thread keeps the clock moving (firing schedules) while four others churn names.
        var clock = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                h.Advance(1);
                _ = h.Scheduler.List();
            }
        });
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                var name = $"w{w}-{i % 10}";
                if (i % 20 < 10)
                {
                    h.Register(name, "*/2 * * * * *");
                }
                else
                {
                    _ = h.Scheduler.UnregisterAsync(name, stopRunning: i % 3 == 0, CancellationToken.None);
                }

                _ = h.Scheduler.History(name);
            }

            for (var i = 0; i < 10; i++)
            {
                h.Register($"w{w}-final-{i}", "*/2 * * * * *");
            }
        })).ToArray();

        await Infrastructure.Eventually.Within(Task.WhenAll(workers), "the workers finish");
        stop.Cancel();
        await Infrastructure.Eventually.Within(clock, "the clock thread stops");

        Assert.Equal(40, h.Scheduler.List().Count);
        Assert.Equal(40, h.Clock.ActiveTimers);
        // Bounded per name, and only the registered names and the most recently retired keep results.
        var byName = h.Scheduler.History().GroupBy(r => r.Name).ToArray();
        Assert.All(byName, results => Assert.True(results.Count() <= 50, results.Key));
        Assert.True(byName.Length <= 40 + AgentProc.Scheduling.ScriptScheduler.RetiredHistories, $"{byName.Length} names kept");
        Assert.All(h.Scheduler.List(), s => Assert.False(s.IsRunning));

        await Infrastructure.Eventually.Within(h.Scheduler.CloseAsync(), "close");
        Assert.Equal(0, h.Clock.ActiveTimers);
    }
}
