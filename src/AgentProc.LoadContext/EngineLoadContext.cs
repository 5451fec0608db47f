using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace AgentProc.LoadContext;

/// <summary>
/// The engine's own load context: the engine (<c>AgentProc.dll</c>) and its dependencies in the
/// module's <c>lib</c> folder load here, from there, whatever other versions the default context
/// already holds (another module's Microsoft.Extensions.Logging.Abstractions, say). What the platform
/// provides (the framework, System.Management.Automation, pwsh's own assemblies) comes from the
/// default context as usual.
/// </summary>
public sealed class EngineLoadContext : AssemblyLoadContext
{
    private const string EngineName = "AgentProc";

    private static readonly object Gate = new();
    private static EngineLoadContext? instance;

    private readonly string libDirectory;
    private readonly HashSet<string> ours;

    private EngineLoadContext(string libDirectory)
        : base("AgentProc", isCollectible: false)
    {
        this.libDirectory = libDirectory;
        // What the platform itself provides (System.Memory, System.Buffers... of .NET, and pwsh's own
        // assemblies) is left to the default context: the netstandard2.0 copies in lib exist for
        // .NET Framework, and loading them here would split Span<T> and friends into two types.
        var platform = new HashSet<string>(
            ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
        ours = new HashSet<string>(
            Directory.GetFiles(libDirectory, "*.dll")
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Where(name => !platform.Contains(name)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Creates the context once per process and lets the default context (where the module assembly
    /// lives) find the engine in it. Called by the module through reflection.
    /// </summary>
    public static void Install(string libDirectory)
    {
        lock (Gate)
        {
            if (instance != null)
            {
                return;
            }

            instance = new EngineLoadContext(libDirectory);
            Default.Resolving += (_, name) =>
                string.Equals(name.Name, EngineName, StringComparison.OrdinalIgnoreCase) ? instance.LoadFromAssemblyName(name) : null;
        }
    }

    // Our files first, from lib: this runs before the default context is asked, which is what keeps
    // a dependency of another version, already loaded there, away from the engine.
    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name != null && ours.Contains(assemblyName.Name)
            ? LoadFromAssemblyPath(Path.Combine(libDirectory, assemblyName.Name + ".dll"))
            : null;
}
