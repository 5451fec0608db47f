using System.Management.Automation;
using System.Threading;

namespace AgentProc.Hosting;

/// <summary>
/// pwsh calls <see cref="OnImport"/> when the module loads into a runspace and <see cref="OnRemove"/>
/// when <c>Remove-Module AgentProc</c> runs there: that runspace's session is closed then, so no
/// process it started outlives the module. What is process-wide (the engine's type names, the Windows
/// PowerShell assembly handler) goes when the last runspace that imported the module removes it.
/// </summary>
public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static int imports;

    public void OnImport()
    {
        // The engine loader was installed before the import (AgentProc.Loader.ps1, or the module
        // initializer); from here on engine types load. Their names are made reachable in PowerShell.
        Interlocked.Increment(ref imports);
        EngineTypeNames.Register(typeof(Processes.AgentProcess).Assembly);
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        RemovalWarning.WriteIfProcessesRun();
        SessionRegistry.CloseCurrentRunspace();
        if (Interlocked.Decrement(ref imports) <= 0)
        {
            Interlocked.Exchange(ref imports, 0);
            EngineTypeNames.Unregister();
            EngineLoader.Uninstall();
        }
    }
}
