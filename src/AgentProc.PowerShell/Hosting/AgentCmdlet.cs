using System;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;
using AgentProc.Sessions;

namespace AgentProc.Hosting;

/// <summary>
/// The base of every AgentProc cmdlet: finds the runspace's session on the pipeline thread, turns
/// Ctrl+C into a cancellation token, is the target of what the engine logs on its behalf (its
/// <see cref="Queue"/>, passed with each engine call), and waits for engine tasks while writing what
/// background threads queued.
/// </summary>
public abstract class AgentCmdlet : PSCmdlet
{
    // How often a long wait calls its tick (progress). The wait itself ends the moment the task
    // completes: the task's completion wakes the queue.
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource stopping = new();
    private readonly PipelineQueue queue = new();
    private AgentSession? session;

    internal AgentSession Session => session ??= SessionRegistry.ForCurrentRunspace();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken StopToken => stopping.Token;

    internal PipelineQueue Queue => queue;

    /// <summary>The session's current FileSystem location ($PWD), the base of relative paths.</summary>
    protected string CurrentDirectory => ProviderPaths.CurrentDirectory(this);

    protected sealed override void BeginProcessing() => Routed(() =>
    {
        session = SessionRegistry.ForCurrentRunspace();
        Begin();
    });

    protected sealed override void ProcessRecord() => Routed(Process);

    protected sealed override void EndProcessing()
    {
        try
        {
            Routed(End);
        }
        finally
        {
            queue.Close();
        }
    }

    protected override void StopProcessing() => stopping.Cancel();

    protected virtual void Begin()
    {
    }

    protected virtual void Process()
    {
    }

    protected virtual void End()
    {
    }

    /// <summary>Reports an engine failure for one item and goes on (non-terminating).</summary>
    protected void WriteEngineError(Exception exception) => WriteError(ErrorRecords.From(exception));

    /// <summary>Stops the command: for input that makes the whole call impossible.</summary>
    protected void ThrowEngineError(Exception exception) => ThrowTerminatingError(ErrorRecords.From(exception));

    /// <summary>
    /// Waits for <paramref name="task"/> on the pipeline thread, writing whatever background threads
    /// queued meanwhile and calling <paramref name="tick"/> about ten times a second (progress).
    /// </summary>
    internal T Await<T>(Task<T> task, Action? tick = null)
    {
        Pump(task, tick, finishBeforeRethrow: false);
        return task.GetAwaiter().GetResult();
    }

    internal void Await(Task task, Action? tick = null)
    {
        Pump(task, tick, finishBeforeRethrow: false);
        task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Like <see cref="Await(Task, Action?)"/>, but a write that throws (-ErrorAction Stop, or a
    /// downstream Select -First) only stops the writing: the task still runs to its end, and then the
    /// exception is rethrown. The task's own outcome is left to the caller.
    /// </summary>
    internal void AwaitLettingItFinish(Task task) => Pump(task, null, finishBeforeRethrow: true);

    /// <summary>Writes everything queued so far.</summary>
    internal void Drain()
    {
        while (queue.TryTake(out var action, TimeSpan.Zero))
        {
            action!(this);
        }
    }

    private void Pump(Task task, Action? tick, bool finishBeforeRethrow)
    {
        Exception? deferred = null;
        if (!task.IsCompleted)
        {
            // The completion wakes the waiting queue directly, on whichever thread completes the task.
            task.ContinueWith(static (_, state) => ((PipelineQueue)state!).Wake(), queue, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        while (!task.IsCompleted)
        {
            if (queue.TryTake(out var action, TickInterval, task) && deferred is null)
            {
                deferred = Run(action!, finishBeforeRethrow);
            }

            if (!task.IsCompleted)
            {
                tick?.Invoke();
            }
        }

        while (deferred is null && queue.TryTake(out var rest, TimeSpan.Zero))
        {
            deferred = Run(rest!, finishBeforeRethrow);
        }

        if (deferred != null)
        {
            ExceptionDispatchInfo.Capture(deferred).Throw();
        }
    }

    // PipelineStoppedException and ActionPreferenceStopException are both RuntimeExceptions.
    private Exception? Run(Action<AgentCmdlet> action, bool catchWriteFailures)
    {
        if (!catchWriteFailures)
        {
            action(this);
            return null;
        }

        try
        {
            action(this);
            return null;
        }
        catch (RuntimeException ex)
        {
            return ex;
        }
    }

    /// <summary>Writes a script's result, and a non-terminating error beside it when the script failed.</summary>
    internal void WriteScriptResult(AgentScriptResult result)
    {
        WriteObject(result);
        if (ScriptResultErrors.IsFailure(result))
        {
            WriteError(ScriptResultErrors.For(result));
        }
    }

    internal void WriteLogEntry(AgentSessionLogEntry entry)
    {
        if (LogLevels.IsWarning(entry.Level))
        {
            WriteWarning(entry.Message);
        }
        else if (LogLevels.IsDebug(entry.Level))
        {
            WriteDebug(entry.Message);
        }
        else
        {
            WriteVerbose(entry.Message);
        }
    }

    // Whatever background threads queued so far is written at the end of each call. What the engine
    // logs on this command's behalf reaches the queue because the command passes it (Queue) with
    // each engine call; nothing is found through the thread or the async context.
    private void Routed(Action action)
    {
        action();
        Drain();
    }

}
