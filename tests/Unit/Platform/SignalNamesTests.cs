using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

public sealed class SignalNamesTests
{
    [Theory]
    [InlineData("Interrupt", ProcessSignal.Interrupt)]
    [InlineData("int", ProcessSignal.Interrupt)]
    [InlineData("SIGINT", ProcessSignal.Interrupt)]
    [InlineData("2", ProcessSignal.Interrupt)]
    [InlineData("Hangup", ProcessSignal.Hangup)]
    [InlineData("sighup", ProcessSignal.Hangup)]
    [InlineData("Terminate", ProcessSignal.Terminate)]
    [InlineData("Kill", ProcessSignal.Kill)]
    [InlineData("Quit", ProcessSignal.Quit)]
    [InlineData("User1", ProcessSignal.User1)]
    [InlineData("USR1", ProcessSignal.User1)]
    [InlineData("SIGUSR2", ProcessSignal.User2)]
    [InlineData(" 15 ", ProcessSignal.Terminate)]
    [InlineData("28", (ProcessSignal)28)]
    public void Names_short_names_and_numbers_are_accepted(string text, ProcessSignal expected) =>
        Assert.Equal(expected, SignalNames.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("Interupt")]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-9")]
    [InlineData("SIG")]
    public void Anything_else_is_an_error_that_names_it_and_what_is_accepted(string text)
    {
        var error = Assert.Throws<AgentProcException>(() => SignalNames.Parse(text));
        Assert.Equal("AgentProcessUnknownSignal", error.ErrorId);
        Assert.Contains("'" + text + "'", error.Message);
        Assert.Contains("Interrupt", error.Message);
    }

    [Theory]
    [InlineData(ProcessSignal.Interrupt, "SIGINT")]
    [InlineData(ProcessSignal.User1, "SIGUSR1")]
    [InlineData((ProcessSignal)28, "signal 28")]
    public void Display_names_are_the_shells(ProcessSignal signal, string expected) => Assert.Equal(expected, SignalNames.Display(signal));

    [Fact]
    public async Task User1_reaches_a_trapping_script_and_Interrupt_stops_a_server_gracefully()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("trap 'echo reloaded' USR1; trap 'echo graceful; exit 0' INT; echo ready; while :; do sleep 0.05; done"));
        await Eventually.TrueAsync(() => process.ReadOutput().Output.Contains("ready"), "the traps are set");

        manager.Signal(process, ProcessSignal.User1);
        await Eventually.TrueAsync(() => process.ReadOutput().Output.Contains("reloaded"), "USR1 is handled");
        Assert.Equal(AgentProcessState.Running, process.State);

        manager.Signal(process, ProcessSignal.Interrupt);
        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("graceful", process.ReadOutput().Output);
    }

    [Fact]
    public async Task A_raw_number_is_sent_as_it_is()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("echo ready; exec sleep 300"));
        await Eventually.TrueAsync(() => process.ReadOutput().Output.Contains("ready"), "the sleep runs");
        manager.Signal(process, SignalNames.Parse("6"));
        Assert.True(await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None));
        Assert.Equal(134, process.ExitCode);
        Assert.Equal("SIGABRT", process.Signal);
    }
}
