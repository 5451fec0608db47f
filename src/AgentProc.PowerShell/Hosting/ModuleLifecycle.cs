using System.Management.Automation;

namespace AgentProc.Hosting;

/// <summary>
/// pwsh calls <see cref="OnRemove"/> when <c>Remove-Module AgentProc</c> runs: the session of that
/// runspace is closed then, so no process it started outlives the module.
/// </summary>
public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        // Sessions are created on first use; nothing to do at import.
    }

    public void OnRemove(PSModuleInfo psModuleInfo) => SessionRegistry.CloseCurrentRunspace();
}
