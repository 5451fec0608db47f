using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace AgentProc.HelpGen;

/// <summary>The generated MAML, and every way the docs and the code disagree.</summary>
public sealed record HelpBuild(string Maml, IReadOnlyList<CmdletMetadata> Cmdlets, IReadOnlyList<CmdletDoc> Docs, IReadOnlyList<string> Problems);

/// <summary>
/// Pairs each [Cmdlet] class with docs/en-US/Verb-Noun.md and writes the MAML. A cmdlet without a doc
/// (or a doc without a cmdlet) is left out of the MAML and reported, so work in progress still builds.
/// </summary>
public static class HelpGenerator
{
    /// <summary>The module the help is for: the assembly this tool is built against.</summary>
    public static Assembly ModuleAssembly => typeof(AgentProc.Hosting.AgentCmdlet).Assembly;

    /// <summary>The engine assembly, where the output types live.</summary>
    public static Assembly EngineAssembly => typeof(AgentProc.Processes.AgentProcess).Assembly;

    /// <summary>A public type of the module or the engine, by full name.</summary>
    public static Type? PublicType(string name) => ModuleAssembly.GetType(name) ?? EngineAssembly.GetType(name);

    public const string HelpFileName = "AgentProc.PowerShell.dll-Help.xml";

    public static HelpBuild Build(string docsDirectory) => Build(docsDirectory, ModuleAssembly);

    public static HelpBuild Build(string docsDirectory, Assembly module)
    {
        var cmdlets = CmdletMetadataReader.Read(module);
        var docs = CmdletDocReader.ReadDirectory(docsDirectory);
        var problems = new List<string>();
        var pairs = new List<(CmdletMetadata, CmdletDoc)>();

        foreach (var cmdlet in cmdlets)
        {
            var doc = docs.FirstOrDefault(d => string.Equals(Path.GetFileNameWithoutExtension(d.Path), cmdlet.Name, StringComparison.OrdinalIgnoreCase));
            if (doc is null)
            {
                problems.Add($"{cmdlet.Name} ({cmdlet.Type.FullName}) has no doc: write {Path.Combine(docsDirectory, cmdlet.Name + ".md")}.");
                continue;
            }

            problems.AddRange(DocCoverage.Check(cmdlet, doc));
            pairs.Add((cmdlet, doc));
        }

        foreach (var doc in docs.Where(d => cmdlets.All(c => !string.Equals(c.Name, Path.GetFileNameWithoutExtension(d.Path), StringComparison.OrdinalIgnoreCase))))
        {
            problems.Add($"{doc.Path}: no [Cmdlet] class is named {Path.GetFileNameWithoutExtension(doc.Path)}.");
        }

        return new HelpBuild(MamlWriter.Write(pairs), cmdlets, docs, problems);
    }
}
