using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptCountersTests
{
    [Fact]
    public async Task Counters_tally_each_finished_run_by_outcome_across_runs()
    {
        using var harness = new ScriptTestHarness();
        await harness.RunAsync(
            Sh("ok1", "true"),
            Sh("ok2", "true"),
            Sh("bad", "exit 1"),
            new ScriptDefinition("slow") { Script = "sleep 300", Timeout = System.TimeSpan.FromMilliseconds(200) },
            new ScriptDefinition("skipped") { Script = "true", DependsOn = new[] { "bad" } });
        await harness.RunAsync(harness.Request(), new CancellationToken(canceled: true), Sh("canceled", "true"));
        await harness.RunAsync(Sh("ok1", "true"));

        var counters = harness.Runner.Counters;
        Assert.Equal(3, counters.Succeeded);
        Assert.Equal(2, counters.Failed);
        Assert.Equal(5, counters.Executed);
        Assert.Equal(1, counters.Skipped);
        Assert.Equal(1, counters.Canceled);
        Assert.Equal("Executed 5 (Succeeded 3, Failed 2), Skipped 1, Canceled 1", counters.ToString());
    }

    [Fact]
    public async Task Counters_are_exact_under_concurrent_runs()
    {
        using var harness = new ScriptTestHarness();
        var runs = new Task[4];
        for (var r = 0; r < runs.Length; r++)
        {
            var scripts = new ScriptDefinition[10];
            for (var i = 0; i < scripts.Length; i++)
            {
                scripts[i] = Sh($"r{r}s{i}", i % 2 == 0 ? "true" : "exit 1");
            }

            runs[r] = harness.Runner.RunAsync(scripts, harness.Request(), ScriptObserver.None, CancellationToken.None);
        }

        await Infrastructure.Eventually.Within(Task.WhenAll(runs), "all runs end");
        Assert.Equal(20, harness.Runner.Counters.Succeeded);
        Assert.Equal(20, harness.Runner.Counters.Failed);
    }
}
