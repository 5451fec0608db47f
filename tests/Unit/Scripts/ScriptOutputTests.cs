using System.Linq;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;
using static AgentProc.Tests.Scripts.ScriptTestHarness;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptOutputTests
{
    [Fact]
    public async Task Output_lines_reach_the_observer_in_order_between_started_and_completed()
    {
        using var harness = new ScriptTestHarness();
        await harness.RunOneAsync(Sh("count", "for i in 1 2 3 4 5 6 7 8 9 10; do echo line$i; done; echo err >&2; printf 'last'"));

        var expected = Enumerable.Range(1, 10).Select(i => "line" + i).Append("err").Append("last");
        Assert.Equal(expected, harness.Observer.Lines("count"));
        var kinds = harness.Observer.Events.Select(e => e.Kind).ToArray();
        Assert.Equal("started", kinds.First());
        Assert.Equal("completed", kinds.Last());
    }

    [Fact]
    public async Task A_character_split_across_two_writes_is_decoded_whole()
    {
        using var harness = new ScriptTestHarness();

        // The euro sign is E2 82 AC: the first two bytes, a pause so they are read on their own, then the last.
        var result = await harness.RunOneAsync(Sh("euro", "printf 'price: \\342\\202'; sleep 0.3; printf '\\254 10\\n'"));

        Assert.Equal(new[] { "price: € 10" }, harness.Observer.Lines("euro"));
        Assert.Equal("price: € 10\n", result.Output);
    }

    [Fact]
    public async Task A_long_line_is_cut_for_the_observer_but_kept_whole_in_the_log()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(Sh("long", "head -c 5000 /dev/zero | tr '\\0' x; echo; echo short"));

        var lines = harness.Observer.Lines("long");
        Assert.Equal(new string('x', 2048) + "... [truncated]", lines[0]);
        Assert.Equal("short", lines[1]);
        Assert.Contains(new string('x', 5000), System.IO.File.ReadAllText(result.LogPath!));
    }

    [Fact]
    public async Task The_results_output_is_bounded_to_head_and_tail()
    {
        using var harness = new ScriptTestHarness(o =>
        {
            o.HeadBytes = 100;
            o.TailBytes = 100;
        });
        var result = await harness.RunOneAsync(Sh("big", "echo BEGIN; seq 1 20000; echo END"));

        Assert.StartsWith("BEGIN\n", result.Output);
        Assert.EndsWith("20000\nEND\n", result.Output);
        Assert.Contains("... [omitted ", result.Output);
        Assert.True(result.Output!.Length < 400);
        Assert.Equal(20002, harness.Observer.Lines("big").Count);
    }

    [Fact]
    public async Task An_observer_that_throws_does_not_stop_the_output_or_the_run()
    {
        using var harness = new ScriptTestHarness();
        var results = await harness.Runner.RunAsync(new[] { Sh("noisy", "seq 1 5000; echo end") }, harness.Request(), new ThrowingObserver(), System.Threading.CancellationToken.None);

        Assert.Equal(AgentScriptStatus.Ok, results[0].Status);
        Assert.EndsWith("5000\nend\n", results[0].Output);
        Assert.Contains(harness.Logger.Messages, m => m.Contains("observer failed"));
    }

    private sealed class ThrowingObserver : IScriptObserver
    {
        public bool WantsOutputLines => true;

        public void OnStarted(string name) => throw new System.InvalidOperationException("boom");

        public void OnWaiting(string name, System.Collections.Generic.IReadOnlyList<string> waitingFor) => throw new System.InvalidOperationException("boom");

        public void OnOutputLine(string name, AgentProc.Output.OutputStream stream, string line) => throw new System.InvalidOperationException("boom");

        public void OnWarning(string name, string message) => throw new System.InvalidOperationException("boom");

        public void OnCompleted(AgentScriptResult result) => throw new System.InvalidOperationException("boom");
    }
}
