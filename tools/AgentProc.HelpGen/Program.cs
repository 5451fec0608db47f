using System;
using System.IO;
using System.Text;

namespace AgentProc.HelpGen;

/// <summary>
/// dotnet run --project tools/AgentProc.HelpGen -- [docsDir] [outFile]
/// Defaults (from the repository root, found upwards from the current directory): docs/en-US and
/// src/AgentProc.PowerShell/en-US/AgentProc.PowerShell.dll-Help.xml. Exit code 1 when the docs and
/// the code disagree (the file is still written, so the rest can be checked).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 2 || (args.Length == 1 && args[0] is "-h" or "--help" or "-?"))
        {
            Console.Error.WriteLine("usage: AgentProc.HelpGen [docsDir] [outFile]");
            return 2;
        }

        var root = args.Length == 2 ? null : RepositoryRoot();
        var docs = args.Length > 0 ? args[0] : Path.Combine(root!, "docs", "en-US");
        var output = args.Length > 1 ? args[1] : Path.Combine(root!, "src", "AgentProc.PowerShell", "en-US", HelpGenerator.HelpFileName);

        var build = HelpGenerator.Build(docs);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, build.Maml, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Console.WriteLine($"Wrote {output}: {build.Cmdlets.Count} cmdlet(s), {build.Docs.Count} doc(s).");

        foreach (var problem in build.Problems)
        {
            Console.Error.WriteLine("problem: " + problem);
        }

        return build.Problems.Count == 0 ? 0 : 1;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentProc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the AgentProc repository, or give docsDir and outFile.");
    }
}
