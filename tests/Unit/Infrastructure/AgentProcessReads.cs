using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Processes;

namespace AgentProc.Tests.Infrastructure;

/// <summary>The tests' shorthand for "wait for the exit, then read": not part of the shipped type.</summary>
internal static class AgentProcessReads
{
    public static async Task<AgentProcessOutput> ReadOutputAsync(this AgentProcess process, bool wait, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (wait)
        {
            await process.WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }

        return process.ReadOutput();
    }
}
