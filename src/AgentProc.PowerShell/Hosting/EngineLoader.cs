using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AgentProc.Hosting;

/// <summary>
/// Loads the engine (<c>AgentProc.dll</c>) and its dependencies from the module's <c>lib</c> folder,
/// where PowerShell's own assembly probing does not look, so another module's copy of a dependency
/// (Microsoft.Extensions.Logging.Abstractions 6.0, say) never meets ours.
/// </summary>
/// <remarks>
/// <para>On PowerShell 7 the engine and its dependencies load into a private
/// <c>AssemblyLoadContext</c>: the default context, where this module assembly lives, asks for
/// <c>AgentProc</c> only, and gets the private context's copy; the private context answers every
/// name found in <c>lib</c> from there. On Windows PowerShell 5.1 (no load contexts) an
/// <c>AssemblyResolve</c> handler answers for exactly the assemblies in <c>lib</c>, and is removed
/// when the module is.</para>
/// <para>It must be installed before PowerShell reflects over the cmdlets (whose parameters are
/// engine types), which happens before <c>OnImport</c>: the manifest's <c>ScriptsToProcess</c>
/// (<c>AgentProc.Loader.ps1</c>) calls <see cref="Install"/> first, and a module initializer covers
/// any other host that loads this assembly. <c>AssemblyLoadContext</c> is reached by reflection: the module targets
/// netstandard2.0 so that one build serves both PowerShells. Without a <c>lib</c> folder (the unit
/// tests load the assemblies side by side) it does nothing.</para>
/// </remarks>
public static class EngineLoader
{
    private const string EngineName = "AgentProc";

    private static readonly object Gate = new();
    private static string? libDirectory;

    private static HashSet<string>? ours;
    private static bool frameworkHandler;

#pragma warning disable CA2255 // A module initializer is exactly right here: before any engine type is touched.
    [ModuleInitializer]
#pragma warning restore CA2255
    public static void Install()
    {
        lock (Gate)
        {
            if (libDirectory != null)
            {
                return;
            }

            var moduleDirectory = Path.GetDirectoryName(typeof(EngineLoader).Assembly.Location) ?? string.Empty;
            var lib = Path.Combine(moduleDirectory, "lib");
            if (!Directory.Exists(lib))
            {
                return;
            }

            libDirectory = lib;
            ours = new HashSet<string>(
                Directory.GetFiles(lib, "*.dll").Select(Path.GetFileNameWithoutExtension).OfType<string>(),
                StringComparer.OrdinalIgnoreCase);
            if (!TryInstallLoadContext())
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveOnFramework;
                frameworkHandler = true;
            }
        }
    }

    /// <summary>Removes the Windows PowerShell handler (<c>OnRemove</c>); a load context cannot be unloaded, and needs no removal.</summary>
    public static void Uninstall()
    {
        lock (Gate)
        {
            if (frameworkHandler)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnFramework;
                frameworkHandler = false;
                libDirectory = null;
            }
        }
    }

    // PowerShell 7: the AgentProc.LoadContext assembly (net8.0) beside this one holds the context.
    private static bool TryInstallLoadContext()
    {
        if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            return false;
        }

        var moduleDirectory = Path.GetDirectoryName(libDirectory!)!;
        var loader = Assembly.LoadFrom(Path.Combine(moduleDirectory, "AgentProc.LoadContext.dll"));
        loader.GetType("AgentProc.LoadContext.EngineLoadContext", throwOnError: true)!
            .GetMethod("Install", BindingFlags.Public | BindingFlags.Static)!
            .Invoke(null, new object[] { libDirectory! });
        return true;
    }

    private static Assembly? ResolveOnFramework(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name);
        var path = PathOf(name);
        return path is null ? null : Assembly.LoadFrom(path);
    }

    // Only our own files: a request for anything else is not ours to answer.
    private static string? PathOf(AssemblyName name) =>
        libDirectory != null && name.Name != null && ours != null && ours.Contains(name.Name)
            ? Path.Combine(libDirectory, name.Name + ".dll")
            : null;
}
