using System;
using System.Threading;

namespace AgentProc.Platform;

/// <summary>
/// Starts the engine's own threads (pipe readers, the watchdog's backlog writer): background, with a small
/// stack, without the caller's execution context, and with false rather than an exception when the OS
/// will not give one.
/// </summary>
internal static class BackgroundThreads
{
    /// <summary>
    /// Resident memory does not depend on it (only touched pages count), but each thread reserves it, and
    /// the runtime's default is ~1.5 MiB. Output sinks run on these stacks; they need far less.
    /// </summary>
    public const int StackBytes = 256 * 1024;

    /// <summary>Runs <paramref name="work"/> (which must not throw) on a new thread. False when no thread could be had.</summary>
    public static bool TryStart(ThreadStart work, string name, int stackBytes = StackBytes)
    {
        try
        {
            // The thread must not carry the caller's execution context (a pipeline thread's AsyncLocals).
            using (ExecutionContext.SuppressFlow())
            {
                new Thread(work, stackBytes) { IsBackground = true, Name = name }.Start();
            }

            return true;
        }
        catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
        {
            return false;
        }
    }
}
