using System;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

/// <summary>A script blocked on its dependencies says what it waits for, and says each warning once.</summary>
public sealed class ScriptWaitingTests
{
    [Fact]
    public async Task A_script_waiting_for_its_dependencies_says_so_at_once_and_again_while_it_waits()
    {
        using var harness = new ScriptTestHarness(o => o.WaitingReportInterval = TimeSpan.FromMilliseconds(100));
        var results = await harness.RunAsync(
            Sh("slow", "sleep 1"),
            Sh("quick", "true"),
            new ScriptDefinition("last") { Script = "true", DependsOn = new[] { "slow" }, After = new[] { "quick" } });

        Assert.All(results, r => Assert.Equal(AgentScriptStatus.Ok, r.Status));
        var waits = harness.Observer.Waiting("last");
        Assert.True(waits.Count >= 3, $"it said it was waiting {waits.Count} time(s)");
        Assert.Contains("slow", waits[0]);
        Assert.All(waits.Skip(1), w => Assert.Equal("slow", w));
        Assert.Empty(harness.Observer.Waiting("slow"));
    }

    [Fact]
    public async Task A_dependency_warning_goes_to_the_observer_once_and_to_the_log_without_routing()
    {
        using var harness = new ScriptTestHarness();
        await harness.RunAsync(new ScriptDefinition("alone") { Script = "true", DependsOn = new[] { "missing" } });

        Assert.Single(harness.Observer.Warnings("alone"));
        Assert.Single(harness.Logger.Messages, m => m.Contains("missing"));
    }
}
