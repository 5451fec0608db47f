using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AgentProc.Hosting;

/// <summary>
/// pwsh calls <see cref="OnImport"/> when the module loads and <see cref="OnRemove"/> when
/// <c>Remove-Module AgentProc</c> runs: the session of that runspace is closed then, so no process
/// it started outlives the module.
/// </summary>
public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleLifecycle).Assembly.Location) ?? string.Empty;
    private static int resolverInstalled;

    public void OnImport()
    {
        // Windows PowerShell 5.1 has no binding redirects for the netstandard2.0 dependency chain
        // (System.Memory asks for an older System.Runtime.CompilerServices.Unsafe than ships beside
        // it), so there a request for any version is answered with the copy in the module folder.
        // PowerShell 7 resolves these itself.
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)
            && System.Threading.Interlocked.Exchange(ref resolverInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        RemovalWarning.WriteIfProcessesRun();
        SessionRegistry.CloseCurrentRunspace();
    }

    private static Assembly? ResolveFromModuleDirectory(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        var candidate = Path.Combine(ModuleDirectory, name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }
}
