using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentProc.HelpGen;

/// <summary>
/// What a cmdlet's doc lacks, or claims that the code does not back up. Each problem is a sentence
/// that names the file and what to write, so whoever reads a failing test knows the fix.
/// </summary>
public static class DocCoverage
{
    public const int MinimumExamples = 2;

    public static IReadOnlyList<string> Check(CmdletMetadata metadata, CmdletDoc doc)
    {
        var problems = new List<string>();
        void Problem(string text) => problems.Add($"{doc.Path}: {text}");

        if (!string.Equals(doc.Name, metadata.Name, StringComparison.Ordinal))
        {
            Problem($"the title is '# {doc.Name}'; the cmdlet is {metadata.Name}.");
        }

        if (string.IsNullOrWhiteSpace(doc.Synopsis))
        {
            Problem("## SYNOPSIS is empty.");
        }

        if (doc.Description.Count == 0)
        {
            Problem("## DESCRIPTION is empty.");
        }

        if (doc.Examples.Count < MinimumExamples)
        {
            Problem($"## EXAMPLES has {doc.Examples.Count} example(s); write at least {MinimumExamples}.");
        }

        foreach (var example in doc.Examples.Where(e => string.IsNullOrWhiteSpace(e.Code) || e.Remarks.Count == 0 || e.Title.Length == 0))
        {
            Problem($"example '{example.Title}' needs a title, a code block and text that explains it.");
        }

        foreach (var parameter in metadata.Parameters.Where(p => !p.IsImplied))
        {
            var written = doc.Parameters.FirstOrDefault(d => string.Equals(d.Name, parameter.Name, StringComparison.Ordinal));
            if (written is null || written.Description.Count == 0)
            {
                Problem($"### -{parameter.Name} is missing or empty under ## PARAMETERS.");
            }
        }

        foreach (var written in doc.Parameters.Where(d => metadata.Parameters.All(p => !string.Equals(p.Name, d.Name, StringComparison.Ordinal))))
        {
            Problem($"### -{written.Name} is documented, but {metadata.Name} has no such parameter.");
        }

        foreach (var output in metadata.OutputTypes.Where(t => doc.Outputs.All(o => o.TypeName != t)))
        {
            Problem($"[OutputType] names {output}; add '### {output}' under ## OUTPUTS.");
        }

        var pipedTypes = metadata.Parameters
            .Where(p => p.Sets.Any(s => s.ValueFromPipeline))
            .Select(p => p.ElementType.FullName!)
            .Distinct();
        foreach (var input in pipedTypes.Where(t => doc.Inputs.All(i => i.TypeName != t)))
        {
            Problem($"a parameter takes {input} from the pipeline; add '### {input}' under ## INPUTS.");
        }

        if (doc.Outputs.Count == 0 || doc.Inputs.Count == 0)
        {
            Problem("## INPUTS and ## OUTPUTS each need at least one '### Type' (or '### None').");
        }

        return problems;
    }
}
