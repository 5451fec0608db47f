using System;
using System.Threading.Tasks;

namespace AgentProc.Processes;

/// <summary>
/// A result set once, for two kinds of listener: the engine's own observers, called at once on the
/// thread that sets it, and everyone else through <see cref="Task"/>, whose continuations never run
/// on that thread.
/// </summary>
/// <remarks>
/// An exit is seen on the output poller's thread, which must never run a caller's continuation. Before,
/// every exit went through a thread-pool work item just to publish it; a pool thread that wakes for
/// that spins on this VM for ~0.3 ms afterwards, on the core the next child needed. Observers publish
/// the exit where it is seen, and a pool item is queued only when a task continuation is registered.
/// Observers must be quick and must never block or wait for another thread.
/// </remarks>
internal sealed class Outcome<T>
{
    private readonly TaskCompletionSource<T> task = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object gate = new();
    private Action<T>? observers;
    private bool set;
    private T value = default!;

    public Task<T> Task => task.Task;

    /// <summary>Calls <paramref name="observer"/> once with the result: when it is set, or now if it was.</summary>
    public void Observe(Action<T> observer)
    {
        lock (gate)
        {
            if (!set)
            {
                observers += observer;
                return;
            }
        }

        observer(value);
    }

    /// <summary>Sets the result (false when it was already set), calls the observers, then completes <see cref="Task"/>.</summary>
    public bool TrySet(T result)
    {
        Action<T>? toCall;
        lock (gate)
        {
            if (set)
            {
                return false;
            }

            value = result;
            set = true;
            toCall = observers;
            observers = null;
        }

        try
        {
            toCall?.Invoke(result);
        }
        finally
        {
            task.TrySetResult(result);
        }

        return true;
    }
}
