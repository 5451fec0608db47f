using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Sessions;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Sessions;

public sealed class AgentSessionTests
{
    [Fact]
    public async Task Closing_a_session_ends_its_processes_and_refuses_new_ones()
    {
        var session = new AgentSession();
        session.ProcessManager.Options.CloseGracePeriod = System.TimeSpan.FromSeconds(2);
        var process = session.ProcessManager.Start(new ProcessStartRequest("sleep 300"));

        await Eventually.Within(session.CloseAsync(), "the session closes");

        Assert.True(session.IsClosed);
        Assert.Equal(AgentProcessState.Exited, process.State);
        Assert.False(Pids.IsAlive(process.ProcessId));
        var error = Assert.Throws<AgentProcException>(() => session.ProcessManager.Start(new ProcessStartRequest("true")));
        Assert.Equal("AgentSessionClosed", error.ErrorId);
        Assert.Same(session.CloseAsync(), session.CloseAsync());
    }

    [Fact]
    public async Task Two_sessions_do_not_share_processes()
    {
        using var one = new AgentSession();
        using var two = new AgentSession();
        var process = one.ProcessManager.Start(new ProcessStartRequest("exit 0"));
        await process.WaitForExitAsync(Eventually.DefaultBound, default);
        Assert.Single(one.ProcessManager.List());
        Assert.Empty(two.ProcessManager.List());
        Assert.False(two.ProcessManager.TryGet(process.Id, out _));
    }

    [Fact]
    public async Task Process_events_are_written_to_the_session_log()
    {
        using var session = new AgentSession();
        var process = session.ProcessManager.Start(new ProcessStartRequest("exit 2") { Name = "logged" });
        await process.WaitForExitAsync(Eventually.DefaultBound, default);
        await Eventually.TrueAsync(() => System.Linq.Enumerable.Any(session.Log.Read(), e => e.Message.Contains("exited with code 2")), "the exit is in the session log");
    }
}
