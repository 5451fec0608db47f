using System;
using System.Linq;
using System.Management.Automation;
using AgentProc.Processes;

namespace AgentProc.Hosting;

/// <summary>
/// Removing the module (<c>Remove-Module</c>, or <c>Import-Module -Force</c>, which removes it first)
/// closes the session and so ends its running processes. That is by design, but it must not be
/// silent: this warns first, naming them.
/// </summary>
internal static class RemovalWarning
{
    public static void WriteIfProcessesRun()
    {
        var running = SessionRegistry.PeekCurrentRunspace()?.ProcessManager.List()
            .Where(p => p.State == AgentProcessState.Running)
            .ToArray();
        if (running is null || running.Length == 0)
        {
            return;
        }

        var names = string.Join(", ", running.Take(10).Select(p => $"{p.Id} ({p.Name})")) + (running.Length > 10 ? ", ..." : string.Empty);
        var message = $"Removing the AgentProc module (Remove-Module, or Import-Module -Force) closes this session: its {running.Length} running agent process(es) are stopped now: {names}.";

        // OnRemove runs on the pipeline thread of the command that removes the module but is given no
        // cmdlet to write through; a nested pipeline in the same runspace reaches its host (the
        // client's, in a remote session) and honours $WarningPreference.
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddScript("param($Message) if ($WarningPreference -notin 'SilentlyContinue', 'Ignore') { $Host.UI.WriteWarningLine($Message) }")
            .AddArgument(message);
        try
        {
            shell.Invoke();
        }
        catch (Exception ex) when (ex is RuntimeException or InvalidOperationException)
        {
            // A host that cannot write, or a runspace that cannot run a nested pipeline now, must not
            // keep the session from closing: the warning is a courtesy, the close is the point.
        }
    }
}
