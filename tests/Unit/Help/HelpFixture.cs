using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AgentProc.HelpGen;

namespace AgentProc.Tests.Help;

/// <summary>The repository's help inputs and outputs, found from the test binaries upwards, built once.</summary>
internal static class HelpFixture
{
    private static readonly Lazy<HelpBuild> LazyBuild = new(() => HelpGenerator.Build(DocsDirectory));

    public static string Root { get; } = FindRoot();

    public static string DocsDirectory => Path.Combine(Root, "docs", "en-US");

    public static string HelpFile => Path.Combine(Root, "src", "AgentProc.PowerShell", "en-US", HelpGenerator.HelpFileName);

    public static string FormatFile => Path.Combine(Root, "src", "AgentProc.PowerShell", "AgentProc.Format.ps1xml");

    public static string Manifest => Path.Combine(Root, "AgentProc.psd1");

    public const string RegenerateCommand = "dotnet run --project tools/AgentProc.HelpGen";

    /// <summary>A fresh generation from docs/en-US and the module assembly the tests run against.</summary>
    public static HelpBuild Build => LazyBuild.Value;

    public static IReadOnlyList<CmdletMetadata> Cmdlets => Build.Cmdlets;

    public static CmdletMetadata Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    public static CmdletDoc? Doc(string name) =>
        Build.Docs.FirstOrDefault(d => string.Equals(Path.GetFileNameWithoutExtension(d.Path), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Theory data: the Verb-Noun of every [Cmdlet] class.</summary>
    public static IEnumerable<object[]> CmdletNames() => Cmdlets.Select(c => new object[] { c.Name });

    /// <summary>
    /// The manifest's CmdletsToExport. A data file, not code: the list is read as text rather than
    /// evaluated, which is enough for a list of quoted names.
    /// </summary>
    public static IReadOnlyList<string> ExportedCmdlets()
    {
        var text = File.ReadAllText(Manifest);
        var list = Regex.Match(text, @"CmdletsToExport\s*=\s*@\((?<body>[^)]*)\)");
        if (!list.Success)
        {
            throw new InvalidOperationException($"{Manifest} has no CmdletsToExport = @(...) list.");
        }

        return Regex.Matches(list.Groups["body"].Value, @"'(?<name>[^']+)'|""(?<name>[^""]+)""")
            .Select(m => m.Groups["name"].Value)
            .ToList();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentProc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run from inside the AgentProc repository (no AgentProc.sln above " + AppContext.BaseDirectory + ").");
    }
}
