using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;

namespace AgentProc.Scheduling;

/// <summary>
/// Runs one scheduled script to its end and reports how it went. The session passes the real
/// script runner; tests pass a fake. Canceling <paramref name="cancellationToken"/> must stop the run
/// (interrupt, then kill after the grace period) and still complete the task, so the scheduler's
/// close and unregister can wait for it.
/// </summary>
internal delegate Task<AgentScriptResult> ScheduledRunCallback(ScriptDefinition script, AgentScriptStage stage, CancellationToken cancellationToken);
