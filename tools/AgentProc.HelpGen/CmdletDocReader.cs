using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentProc.HelpGen;

/// <summary>
/// Reads the platyPS-like markdown of docs/en-US/Verb-Noun.md: <c># Verb-Noun</c>, then <c>## SYNOPSIS</c>,
/// <c>## DESCRIPTION</c>, <c>## EXAMPLES</c> (<c>### Example N: title</c>, a code block, remarks),
/// <c>## PARAMETERS</c> (<c>### -Name</c>, description), <c>## INPUTS</c>/<c>## OUTPUTS</c> (<c>### Type</c>),
/// <c>## NOTES</c> and <c>## RELATED LINKS</c>. Prose only: types, positions and sets come from the code.
/// An unknown section is an error, so a misspelt heading cannot silently drop text.
/// </summary>
public static partial class CmdletDocReader
{
    private static readonly string[] Sections = { "SYNOPSIS", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    /// <summary>Every Verb-Noun.md in <paramref name="directory"/>, ordered by name.</summary>
    public static IReadOnlyList<CmdletDoc> ReadDirectory(string directory) =>
        Directory.GetFiles(directory, "*-*.md")
            .OrderBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(ReadFile)
            .ToList();

    public static CmdletDoc ReadFile(string path) => Parse(File.ReadAllText(path), path);

    public static CmdletDoc Parse(string markdown, string path)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var title = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))
            ?? throw new FormatException($"{path}: no '# Verb-Noun' title.");
        var sections = Split(lines, "## ", path);
        foreach (var heading in sections.Keys.Where(h => !Sections.Contains(h)))
        {
            throw new FormatException($"{path}: unknown section '## {heading}'; expected one of {string.Join(", ", Sections)}.");
        }

        IReadOnlyList<string> Section(string name) => sections.TryGetValue(name, out var body) ? body : Array.Empty<string>();

        return new CmdletDoc(
            title.Substring(2).Trim(),
            path,
            string.Join(" ", Paragraphs(Section("SYNOPSIS"))),
            Paragraphs(Section("DESCRIPTION")),
            Split(Section("EXAMPLES"), "### ", path).Select(e => Example(e.Key, e.Value)).ToList(),
            Split(Section("PARAMETERS"), "### ", path).Select(p => new ParameterDoc(p.Key.TrimStart('-'), Paragraphs(p.Value))).ToList(),
            Split(Section("INPUTS"), "### ", path).Select(t => new TypeDoc(t.Key, Paragraphs(t.Value))).ToList(),
            Split(Section("OUTPUTS"), "### ", path).Select(t => new TypeDoc(t.Key, Paragraphs(t.Value))).ToList(),
            Paragraphs(Section("NOTES")),
            Section("RELATED LINKS").Select(l => LinkPattern().Match(l)).Where(m => m.Success)
                .Select(m => new LinkDoc(m.Groups["text"].Value.Trim(), m.Groups["uri"].Value.Trim())).ToList());
    }

    /// <summary>
    /// Splits <paramref name="lines"/> at headings that start with <paramref name="marker"/>, outside code
    /// fences, keeping their order. Text before the first heading is dropped (the title line, for instance).
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> Split(IReadOnlyList<string> lines, string marker, string path)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;
        var inFence = false;
        foreach (var line in lines)
        {
            if (IsFence(line))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith(marker, StringComparison.Ordinal))
            {
                var heading = line.Substring(marker.Length).Trim();
                if (result.ContainsKey(heading))
                {
                    throw new FormatException($"{path}: '{marker}{heading}' appears twice.");
                }

                current = new List<string>();
                result.Add(heading, current);
                continue;
            }

            current?.Add(line);
        }

        return result;
    }

    private static ExampleDoc Example(string heading, IReadOnlyList<string> lines)
    {
        var title = ExampleTitlePattern().Replace(heading, string.Empty).Trim();
        var code = new List<string>();
        var prose = new List<string>();
        var fence = (List<string>?)null;
        foreach (var line in lines)
        {
            if (IsFence(line))
            {
                if (fence is null)
                {
                    fence = new List<string>();
                }
                else
                {
                    code.Add(string.Join("\n", fence));
                    fence = null;
                }

                continue;
            }

            (fence ?? prose).Add(line);
        }

        return new ExampleDoc(title, string.Join("\n\n", code), Paragraphs(prose));
    }

    /// <summary>
    /// Markdown paragraphs as MAML wants them: blank lines separate paragraphs, soft-wrapped lines are
    /// joined with a space, each list item is its own paragraph, and a fenced block stays one verbatim paragraph.
    /// </summary>
    public static IReadOnlyList<string> Paragraphs(IEnumerable<string> lines)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var fence = (List<string>?)null;

        void Flush()
        {
            if (current.Length > 0)
            {
                result.Add(current.ToString());
                current.Clear();
            }
        }

        foreach (var raw in lines)
        {
            if (IsFence(raw))
            {
                if (fence is null)
                {
                    Flush();
                    fence = new List<string>();
                }
                else
                {
                    result.Add(string.Join("\n", fence));
                    fence = null;
                }

                continue;
            }

            if (fence != null)
            {
                fence.Add(raw);
                continue;
            }

            var line = raw.Trim();
            if (line.Length == 0)
            {
                Flush();
            }
            else if (ListItemPattern().IsMatch(line))
            {
                Flush();
                current.Append(line);
            }
            else
            {
                current.Append(current.Length > 0 ? " " : string.Empty).Append(line);
            }
        }

        Flush();
        return result;
    }

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    [GeneratedRegex(@"^Example\s+\d+\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ExampleTitlePattern();

    [GeneratedRegex(@"^([-*]|\d+\.)\s")]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)")]
    private static partial Regex LinkPattern();
}
