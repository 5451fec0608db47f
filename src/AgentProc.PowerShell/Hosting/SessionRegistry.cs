using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using AgentProc.Sessions;

namespace AgentProc.Hosting;

/// <summary>
/// One <see cref="AgentSession"/> per runspace, created on first use, closed when the runspace
/// closes, when the module is removed from it, or when the process exits. Two runspaces never
/// share a session. Looked up on the pipeline thread only: <see cref="Runspace.DefaultRunspace"/>
/// is thread-static, so background work is handed its session, never looks it up.
/// </summary>
internal static class SessionRegistry
{
    // Beyond the sessions' own grace periods and drain delays, how long a closing runspace or an
    // exiting process waits for them to end their work.
    private static readonly TimeSpan CloseMargin = TimeSpan.FromSeconds(10);

    private static readonly object Gate = new();
    private static readonly ConditionalWeakTable<Runspace, AgentSession> ByRunspace = new();
    private static readonly HashSet<AgentSession> Open = new();

    static SessionRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => CloseAll();
        TerminationSignals.Register(CloseAll);
    }

    /// <summary>The calling runspace's session, created if it has none or its last one was closed.</summary>
    public static AgentSession ForCurrentRunspace()
    {
        var runspace = Runspace.DefaultRunspace
            ?? throw new InvalidOperationException("AgentProc cmdlets must run in a PowerShell runspace.");
        lock (Gate)
        {
            if (ByRunspace.TryGetValue(runspace, out var existing))
            {
                if (!existing.IsClosed)
                {
                    return existing;
                }

                ByRunspace.Remove(runspace);
            }
            else
            {
                runspace.StateChanged += OnRunspaceStateChanged;
            }

            var session = new AgentSession();
            ByRunspace.Add(runspace, session);
            Open.Add(session);
            return session;
        }
    }

    /// <summary>Closes the calling runspace's session, if it has one (Remove-Module).</summary>
    public static void CloseCurrentRunspace()
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace != null)
        {
            Close(runspace);
        }
    }

    /// <summary>Closes every session of the process (process exit).</summary>
    public static void CloseAll()
    {
        AgentSession[] sessions;
        lock (Gate)
        {
            sessions = Open.ToArray();
            Open.Clear();
        }

        Task.WaitAll(sessions.Select(s => s.CloseAsync()).ToArray(), sessions.Select(CloseWait).DefaultIfEmpty(TimeSpan.Zero).Max());
    }

    private static void Close(Runspace runspace)
    {
        AgentSession? session;
        lock (Gate)
        {
            if (!ByRunspace.TryGetValue(runspace, out session))
            {
                return;
            }

            ByRunspace.Remove(runspace);
            Open.Remove(session);
        }

        session.CloseAsync().Wait(CloseWait(session));
    }

    // Every grace period and delay is bounded (SettingLimits), so this wait is too, and long enough
    // for the close to finish its stop policy instead of abandoning the groups half way.
    private static TimeSpan CloseWait(AgentSession session)
    {
        var processes = session.Processes.Options;
        var scripts = session.Scripts.Options;
        var grace = processes.CloseGracePeriod > scripts.GracePeriod ? processes.CloseGracePeriod : scripts.GracePeriod;
        var drain = processes.DrainDelay > scripts.PipeDelay ? processes.DrainDelay : scripts.PipeDelay;
        // The on-close scripts first (their own timeout, then their grace if interrupted), then the stop policy.
        return scripts.CloseTimeout + scripts.GracePeriod + grace + drain + CloseMargin;
    }

    private static void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
    {
        var state = e.RunspaceStateInfo.State;
        if (sender is Runspace runspace && (state == RunspaceState.Closing || state == RunspaceState.Closed || state == RunspaceState.Broken))
        {
            runspace.StateChanged -= OnRunspaceStateChanged;
            Close(runspace);
        }
    }
}
