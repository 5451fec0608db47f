using AgentProc.Hosting;
using AgentProc.Output;
using Xunit;

namespace AgentProc.Tests.Hosting;

/// <summary>Which PowerShell stream a script's line goes to, and when it goes nowhere (and is never queued).</summary>
public sealed class ScriptLineRoutingTests
{
    [Fact]
    public void Both_streams_go_to_Information_by_default()
    {
        var routing = new ScriptLineRouting(informationRead: true, stderrAsWarning: false);

        Assert.Equal(ScriptLineTarget.Information, routing.TargetOf(OutputStream.Stdout));
        Assert.Equal(ScriptLineTarget.Information, routing.TargetOf(OutputStream.Stderr));
        Assert.True(routing.WantsLines);
    }

    [Fact]
    public void Stderr_as_warning_sends_stderr_to_Warning_and_leaves_stdout_in_Information()
    {
        var routing = new ScriptLineRouting(informationRead: true, stderrAsWarning: true);

        Assert.Equal(ScriptLineTarget.Information, routing.TargetOf(OutputStream.Stdout));
        Assert.Equal(ScriptLineTarget.Warning, routing.TargetOf(OutputStream.Stderr));
    }

    [Fact]
    public void Ignored_Information_still_lets_stderr_warnings_through()
    {
        var routing = new ScriptLineRouting(informationRead: false, stderrAsWarning: true);

        Assert.Equal(ScriptLineTarget.Nowhere, routing.TargetOf(OutputStream.Stdout));
        Assert.Equal(ScriptLineTarget.Warning, routing.TargetOf(OutputStream.Stderr));
        Assert.True(routing.WantsLines);
    }

    [Fact]
    public void Nothing_is_wanted_when_every_stream_a_line_could_go_to_is_ignored()
    {
        Assert.False(new ScriptLineRouting(informationRead: false, stderrAsWarning: false).WantsLines);
        Assert.False(new ScriptLineRouting(informationRead: false, stderrAsWarning: true, warningsRead: false).WantsLines);
        Assert.Equal(ScriptLineTarget.Nowhere, new ScriptLineRouting(informationRead: true, stderrAsWarning: true, warningsRead: false).TargetOf(OutputStream.Stderr));
    }
}
