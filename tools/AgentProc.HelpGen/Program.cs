using System;
using System.IO;
using System.Text;

namespace AgentProc.HelpGen;

/// <summary>
/// dotnet run --project tools/AgentProc.HelpGen -- [docsDir] [outFile]
/// Defaults (from the repository root, found upwards from the current directory): docs/en-US and
/// src/AgentProc.PowerShell/en-US/AgentProc.PowerShell.dll-Help.xml; beside it the about_*.help.txt of
/// docs/en-US/about_*.md, whose sections it also writes into README.md (when run in the repository). Exit code 1 when the docs and
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

        // The about_ topics: their .help.txt beside the MAML, and their README sections.
        var topics = AboutTopic.ReadDirectory(docs);
        foreach (var topic in topics)
        {
            var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, topic.HelpFileName);
            File.WriteAllText(path, topic.ToHelpText(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            Console.WriteLine($"Wrote {path}.");
        }

        var problems = new System.Collections.Generic.List<string>(build.Problems);
        if (root != null)
        {
            var readmePath = Path.Combine(root, "README.md");
            var readme = File.ReadAllText(readmePath);
            foreach (var topic in topics)
            {
                readme = topic.ApplyTo(readme) ?? readme;
                if (topic.SectionIn(readme) is null)
                {
                    problems.Add($"README.md has no section for {topic.Name}: put {topic.BeginMarker} and {topic.EndMarker} where it goes.");
                }
            }

            File.WriteAllText(readmePath, readme, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        foreach (var problem in problems)
        {
            Console.Error.WriteLine("problem: " + problem);
        }

        return problems.Count == 0 ? 0 : 1;
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
