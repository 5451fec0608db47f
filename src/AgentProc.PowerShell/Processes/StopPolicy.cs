using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Platform;
using Microsoft.Extensions.Logging;

namespace AgentProc.Processes;

/// <summary>
/// The one way the engine stops process groups, used by every path that stops something (a removal
/// with -Force, a process deadline, a script timeout or Ctrl+C, the scripts' leftover daemons, a
/// session closing): a polite first signal (and SIGCONT, so a stopped group acts on it), then the
/// grace period, then SIGKILL to whatever is left in each group, then the wait for the output to end.
/// </summary>
/// <remarks>
/// The grace period is measured on the session's clock (its <see cref="TimeProvider"/>); whether
/// the groups are gone is checked every <see cref="Poll"/> of real time, since a group whose leader
/// exited sends no event when its last background child dies.
/// </remarks>
internal static class StopPolicy
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Stops <paramref name="targets"/> and returns those that had to be killed. Exited children are
    /// included on purpose: a background child they left in their group would otherwise outlive them.
    /// Cancelling stops the waiting, not the signals already sent.
    /// </summary>
    public static async Task<IReadOnlyList<ChildProcess>> StopAsync(
        IReadOnlyCollection<ChildProcess> targets,
        ProcessSignal first,
        TimeSpan grace,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken = default,
        Func<ChildProcess, string>? describe = null)
    {
        if (targets.Count == 0)
        {
            return Array.Empty<ChildProcess>();
        }

        foreach (var child in targets)
        {
            child.Signal(first);
        }

        var deadline = time.GetUtcNow() + grace;
        while (time.GetUtcNow() < deadline && targets.Any(IsLive))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        var killed = targets.Where(IsLive).ToArray();
        foreach (var child in killed)
        {
            logger.LogWarning("{What} (process group {Pid}) outlived the {Grace} grace period after {Signal}; killing it", describe?.Invoke(child) ?? "A process", child.Pid, grace, SignalNames.Display(first));
            child.Signal(ProcessSignal.Kill);
        }

        await Task.WhenAll(targets.Select(c => c.Completion)).ConfigureAwait(false);
        return killed;
    }

    private static bool IsLive(ChildProcess child) => !child.Completion.IsCompleted || child.GroupIsAlive;
}
