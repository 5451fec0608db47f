using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace AgentProc.Hosting;

/// <summary>
/// Makes the engine's public types reachable by name in PowerShell (<c>[AgentProc.Processes.AgentProcess]</c>,
/// <c>-is</c>, <c>Should -BeOfType</c>). On PowerShell 7 the engine lives in its own load context, and
/// PowerShell resolves type names only in the default one; a type accelerator under each full name
/// bridges that. Registered on import, removed on removal.
/// </summary>
internal static class EngineTypeNames
{
    private static readonly object Gate = new();
    private static readonly List<string> Registered = new();

    public static void Register(Assembly engine)
    {
        var accelerators = AcceleratorsType();
        var add = accelerators?.GetMethod("Add", new[] { typeof(string), typeof(Type) });
        var get = accelerators?.GetProperty("Get")?.GetValue(null) as IDictionary<string, Type>;
        if (add is null || get is null)
        {
            return;
        }

        lock (Gate)
        {
            foreach (var type in engine.GetExportedTypes().Where(t => t.FullName != null))
            {
                // Where PowerShell already finds the type itself (Windows PowerShell 5.1), nothing is needed.
                if (!get.ContainsKey(type.FullName!) && !Registered.Contains(type.FullName!))
                {
                    add.Invoke(null, new object[] { type.FullName!, type });
                    Registered.Add(type.FullName!);
                }
            }
        }
    }

    public static void Unregister()
    {
        var remove = AcceleratorsType()?.GetMethod("Remove", new[] { typeof(string) });
        if (remove is null)
        {
            return;
        }

        lock (Gate)
        {
            foreach (var name in Registered)
            {
                remove.Invoke(null, new object[] { name });
            }

            Registered.Clear();
        }
    }

    // A public type of System.Management.Automation that PowerShellStandard does not expose.
    private static Type? AcceleratorsType() =>
        typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
}
