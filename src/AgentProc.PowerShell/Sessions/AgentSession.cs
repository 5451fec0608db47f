using System;
using System.Threading.Tasks;
using AgentProc.Processes;
using Microsoft.Extensions.Logging;

namespace AgentProc.Sessions;

/// <summary>
/// Everything one PowerShell runspace owns: its processes, script runner and schedules, and its
/// log. Plain engine code: the PowerShell side maps runspaces to sessions.
/// </summary>
internal sealed class AgentSession : IDisposable
{
    private readonly object gate = new();
    private Task? closing;

    public AgentSession(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Log = new SessionLog(Time);
        Processes = new ProcessManager(new ProcessManagerOptions(), Log.CreateLogger("Processes"), Time);
    }

    public Guid Id { get; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public TimeProvider Time { get; }

    public SessionLog Log { get; }

    public ProcessManager Processes { get; }

    public bool IsClosed
    {
        get
        {
            lock (gate)
            {
                return closing != null;
            }
        }
    }

    /// <summary>
    /// Stops the scheduler, ends every script and process the session started (terminate, grace,
    /// kill), and refuses new work. Idempotent.
    /// </summary>
    public Task CloseAsync()
    {
        lock (gate)
        {
            return closing ??= CloseCoreAsync();
        }
    }

    public void Dispose() => CloseAsync().GetAwaiter().GetResult();

    private async Task CloseCoreAsync()
    {
        Log.CreateLogger("Session").LogInformation("Closing session {Id}", Id);
        await Processes.CloseAsync().ConfigureAwait(false);
    }
}
