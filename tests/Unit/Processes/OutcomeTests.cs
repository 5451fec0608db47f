using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Processes;
using Xunit;

namespace AgentProc.Tests.Processes;

/// <summary>How an exit is published: observers at once on the setting thread, task continuations never there.</summary>
public sealed class OutcomeTests
{
    [Fact]
    public async Task Observers_run_on_the_setting_thread_before_the_task_completes()
    {
        var outcome = new Outcome<int>();
        var seen = new System.Collections.Generic.List<string>();
        outcome.Observe(v => seen.Add($"first {v} {(outcome.Task.IsCompleted ? "after" : "before")} {Environment.CurrentManagedThreadId}"));
        outcome.Observe(v => seen.Add($"second {v}"));

        Assert.True(outcome.TrySet(7));

        Assert.Equal(new[] { $"first 7 before {Environment.CurrentManagedThreadId}", "second 7" }, seen);
        Assert.Equal(7, await outcome.Task);
    }

    [Fact]
    public async Task An_observer_that_comes_late_runs_at_once_and_a_second_result_is_refused()
    {
        var outcome = new Outcome<string>();
        outcome.TrySet("done");

        string? seen = null;
        outcome.Observe(v => seen = v);

        Assert.Equal("done", seen);
        Assert.False(outcome.TrySet("again"));
        Assert.Equal("done", await outcome.Task);
    }

    [Fact]
    public async Task Task_continuations_never_run_on_the_setting_thread()
    {
        var outcome = new Outcome<int>();
        var setter = -1;
        var continued = outcome.Task.ContinueWith(_ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var thread = new Thread(() =>
        {
            setter = Environment.CurrentManagedThreadId;
            outcome.TrySet(1);
        });

        thread.Start();
        thread.Join();

        Assert.NotEqual(setter, await continued);
    }

    [Fact]
    public async Task The_task_completes_even_when_an_observer_throws()
    {
        var outcome = new Outcome<int>();
        outcome.Observe(_ => throw new InvalidOperationException("observer"));

        Assert.Throws<InvalidOperationException>(() => outcome.TrySet(3));

        Assert.Equal(3, await outcome.Task);
    }
}
