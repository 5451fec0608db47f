using System;
using Microsoft.Extensions.Logging;

namespace AgentProc.Scripts;

/// <summary>
/// Shields the runner from an observer that throws. Output lines are delivered on the reader's
/// thread: an exception there would stop the reading, the pipe would fill and the script would
/// block; so a failing observer is logged and ignored instead.
/// </summary>
internal sealed class GuardedObserver : IScriptObserver
{
    private readonly IScriptObserver inner;
    private readonly ILogger logger;

    public GuardedObserver(IScriptObserver inner, ILogger logger)
    {
        this.inner = inner;
        this.logger = logger;
    }

    public bool WantsOutputLines => inner.WantsOutputLines;

    public void OnStarted(string name) => Guard(() => inner.OnStarted(name), name);

    public void OnWaiting(string name, System.Collections.Generic.IReadOnlyList<string> waitingFor) => Guard(() => inner.OnWaiting(name, waitingFor), name);

    public void OnOutputLine(string name, Output.OutputStream stream, string line) => Guard(() => inner.OnOutputLine(name, stream, line), name);

    public void OnWarning(string name, string message) => Guard(() => inner.OnWarning(name, message), name);

    public void OnCompleted(AgentScriptResult result) => Guard(() => inner.OnCompleted(result), result.Name);

    private void Guard(Action call, string name)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The script observer failed on an event of script {Name}; the event was dropped", name);
        }
    }
}
