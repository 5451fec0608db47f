using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Scripts;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptOrderingTests
{
    [Fact]
    public async Task A_DependsOn_chain_runs_in_order_and_results_come_in_the_order_given()
    {
        using var harness = new ScriptTestHarness();
        var order = harness.File("order");
        var results = await harness.RunAsync(
            new ScriptDefinition("third") { Script = $"echo third >> {order}", DependsOn = new[] { "second" } },
            new ScriptDefinition("second") { Script = $"sleep 0.2; echo second >> {order}", DependsOn = new[] { "FIRST" } },
            new ScriptDefinition("first") { Script = $"sleep 0.2; echo first >> {order}" });

        Assert.Equal(new[] { "third", "second", "first" }, results.Select(r => r.Name));
        Assert.All(results, r => Assert.Equal(AgentScriptStatus.Ok, r.Status));
        Assert.Equal(new[] { "first", "second", "third" }, File.ReadAllLines(order));
        Assert.Equal(new[] { "first", "second", "third" }, harness.Observer.Completed.Select(r => r.Name));
    }

    [Fact]
    public async Task A_failed_dependency_skips_its_dependents_transitively_with_the_reason()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(
            Sh("base", "exit 2"),
            new ScriptDefinition("middle") { Script = "touch middle-ran", DependsOn = new[] { "base" } },
            new ScriptDefinition("top") { Script = "touch top-ran", DependsOn = new[] { "middle" } },
            Sh("independent", "true"));

        Assert.Equal(AgentScriptStatus.ExitFailure, results[0].Status);
        Assert.Equal(AgentScriptStatus.Skipped, results[1].Status);
        Assert.Equal("skipped: it depends on 'base', which ended ExitFailure instead of Ok", results[1].Reason);
        Assert.Equal(AgentScriptStatus.Skipped, results[2].Status);
        Assert.Equal("skipped: it depends on 'middle', which ended Skipped instead of Ok", results[2].Reason);
        Assert.Equal(AgentScriptStatus.Ok, results[3].Status);
        Assert.False(File.Exists(harness.File("middle-ran")));
        Assert.False(File.Exists(harness.File("top-ran")));
    }

    [Fact]
    public async Task After_waits_for_the_other_script_to_end_and_runs_even_when_it_failed()
    {
        using var harness = new ScriptTestHarness();
        var order = harness.File("order");
        var results = await harness.RunAsync(
            new ScriptDefinition("cleanup") { Script = $"echo cleanup >> {order}", After = new[] { "work" } },
            Sh("work", $"sleep 0.3; echo work >> {order}; exit 1"));

        Assert.Equal(AgentScriptStatus.Ok, results[0].Status);
        Assert.Equal(AgentScriptStatus.ExitFailure, results[1].Status);
        Assert.Equal(new[] { "work", "cleanup" }, File.ReadAllLines(order));
    }

    [Fact]
    public async Task A_dependency_that_is_not_in_the_run_is_dropped_with_a_warning()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(new ScriptDefinition("lonely") { Script = "true", DependsOn = new[] { "ghost" }, After = new[] { "phantom" } });

        Assert.Equal(AgentScriptStatus.Ok, results[0].Status);
        var warnings = harness.Observer.Warnings("lonely");
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("'lonely'") && w.Contains("'ghost'") && w.Contains("not in this run"));
        Assert.Contains(warnings, w => w.Contains("'phantom'"));
        Assert.Contains(harness.Logger.Messages, m => m.Contains("ghost"));
    }

    [Fact]
    public async Task A_cycle_is_rejected_naming_it_before_anything_runs()
    {
        using var harness = new ScriptTestHarness();
        var marker = harness.File("marker");
        var scripts = new[]
        {
            Sh("free", $"touch {marker}"),
            new ScriptDefinition("a") { Script = $"touch {marker}", DependsOn = new[] { "b" } },
            new ScriptDefinition("b") { Script = $"touch {marker}", After = new[] { "c" } },
            new ScriptDefinition("c") { Script = $"touch {marker}", DependsOn = new[] { "a" } },
        };

        var error = await Assert.ThrowsAsync<AgentProcException>(() => harness.Runner.RunAsync(scripts, harness.Request(), harness.Observer, CancellationToken.None));

        Assert.Equal("AgentScriptDependencyCycle", error.ErrorId);
        Assert.Equal(AgentErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("a -> b -> c -> a", error.Message);
        Assert.False(File.Exists(marker));
        Assert.Empty(harness.Observer.Events);
        Assert.Equal(0, harness.Runner.Counters.Executed);
    }

    [Fact]
    public void A_script_that_depends_on_itself_is_a_cycle()
    {
        using var harness = new ScriptTestHarness();
        var error = Assert.Throws<AgentProcException>(() => harness.Runner.Validate(new[] { new ScriptDefinition("self") { Script = "true", DependsOn = new[] { "Self" } } }));
        Assert.Contains("self -> self", error.Message);
    }

    [Fact]
    public async Task Fifty_scripts_with_a_throttle_of_four_never_run_more_than_four_at_once()
    {
        using var harness = new ScriptTestHarness();
        var journal = harness.File("journal");
        var scripts = Enumerable.Range(0, 50)
            .Select(i => Sh("s" + i, $"echo start >> {journal}; sleep 0.1; echo end >> {journal}"))
            .ToArray();

        var results = await harness.RunAsync(harness.Request(throttle: 4), CancellationToken.None, scripts);

        Assert.All(results, r => Assert.Equal(AgentScriptStatus.Ok, r.Status));
        Assert.Equal(scripts.Select(s => s.Name), results.Select(r => r.Name));

        // Appends of a few bytes with O_APPEND are atomic, so the journal is the true order of events.
        var running = 0;
        var most = 0;
        foreach (var line in File.ReadAllLines(journal))
        {
            running += line == "start" ? 1 : -1;
            most = Math.Max(most, running);
        }

        Assert.Equal(0, running);
        Assert.InRange(most, 2, 4);
        Assert.InRange(harness.Observer.MaxRunning, 2, 4);
        Assert.Equal(50, harness.Observer.Started.Count);
    }

    [Fact]
    public async Task A_throttle_of_one_runs_ready_scripts_one_at_a_time_in_the_order_given()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(harness.Request(throttle: 1), CancellationToken.None, Sh("x", "true"), Sh("y", "true"), Sh("z", "true"));

        Assert.Equal(new[] { "x", "y", "z" }, harness.Observer.Started);
        Assert.Equal(1, harness.Observer.MaxRunning);
        Assert.All(results, r => Assert.Equal(AgentScriptStatus.Ok, r.Status));
    }

    [Fact]
    public async Task A_script_waiting_for_its_dependencies_holds_no_slot()
    {
        // With a throttle of 1, "late" (given first) waits for "early"; if it held the only slot, nothing could run.
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync(harness.Request(throttle: 1), CancellationToken.None,
            new ScriptDefinition("late") { Script = "true", DependsOn = new[] { "early" } },
            Sh("early", "true"));

        Assert.All(results, r => Assert.Equal(AgentScriptStatus.Ok, r.Status));
        Assert.Equal(new[] { "early", "late" }, harness.Observer.Started);
    }

    [Fact]
    public async Task An_empty_run_returns_no_results()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.RunAsync();
        Assert.Empty(results);
    }
}
