using System.Threading;
using System.Threading.Tasks;

namespace AgentProc.Scheduling;

/// <summary>Task.WaitAsync(CancellationToken), which netstandard2.0 lacks.</summary>
internal static class TaskWaits
{
    /// <summary>Waits for <paramref name="task"/>; stops waiting (the task goes on) when the token is canceled.</summary>
    public static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled && !task.IsCompleted)
        {
            var canceled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => canceled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, canceled.Task).ConfigureAwait(false) != task)
                    cancellationToken.ThrowIfCancellationRequested();
            }
        }

        await task.ConfigureAwait(false);
    }
}
