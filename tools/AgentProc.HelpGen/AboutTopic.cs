using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentProc.HelpGen;

/// <summary>
/// One conceptual help topic, docs/en-US/about_*.md: the source of en-US/about_*.help.txt (what
/// <c>Get-Help about_X</c> shows) and of one README section, so the three cannot drift.
/// </summary>
/// <remarks>
/// The markdown has <c># about_X</c>, <c>## SHORT DESCRIPTION</c>, <c>## LONG DESCRIPTION</c> and
/// <c>## SEE ALSO</c>. The LONG DESCRIPTION, without its first comment line, is the README section:
/// written between <c>&lt;!-- BEGIN about_X --&gt;</c> and <c>&lt;!-- END about_X --&gt;</c>.
/// </remarks>
public sealed class AboutTopic
{
    private AboutTopic(string name, string markdown, string readmeSection)
    {
        Name = name;
        Markdown = markdown;
        ReadmeSection = readmeSection;
    }

    /// <summary>The topic name, such as <c>about_AgentProc</c>.</summary>
    public string Name { get; }

    public string Markdown { get; }

    /// <summary>The markdown that the README holds between this topic's markers.</summary>
    public string ReadmeSection { get; }

    /// <summary>The file name Get-Help looks for in the module's en-US folder.</summary>
    public string HelpFileName => Name + ".help.txt";

    public string BeginMarker => $"<!-- BEGIN {Name}: generated from docs/en-US/{Name}.md by tools/AgentProc.HelpGen; edit it there -->";

    public string EndMarker => $"<!-- END {Name} -->";

    public static IReadOnlyList<AboutTopic> ReadDirectory(string directory) =>
        Directory.GetFiles(directory, "about_*.md")
            .OrderBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(p => Parse(Path.GetFileNameWithoutExtension(p), File.ReadAllText(p)))
            .ToList();

    public static AboutTopic Parse(string name, string markdown)
    {
        var text = markdown.Replace("\r\n", "\n");
        var long_ = Regex.Match(text, @"^## LONG DESCRIPTION\n(?<body>.*?)^## SEE ALSO", RegexOptions.Multiline | RegexOptions.Singleline);
        if (!long_.Success)
        {
            throw new FormatException($"{name}.md needs a '## LONG DESCRIPTION' section followed by '## SEE ALSO'.");
        }

        var body = Regex.Replace(long_.Groups["body"].Value, @"\A<!--.*?-->\n", string.Empty, RegexOptions.Singleline);
        return new AboutTopic(name, text, body.Trim('\n') + "\n");
    }

    /// <summary>The plain text of the .help.txt: headings in capitals, the body indented, no markdown marks.</summary>
    public string ToHelpText()
    {
        var output = new StringBuilder();
        var inCode = false;
        foreach (var line in Markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                output.Append("        ").Append(line).Append('\n');
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                output.Append("TOPIC\n    ").Append(line.Substring(2).Trim()).Append('\n');
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                output.Append('\n').Append(line.Substring(3).Trim().ToUpperInvariant()).Append('\n');
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                var heading = Plain(line.Substring(4).Trim());
                output.Append("    ").Append(heading).Append("\n    ").Append(new string('-', heading.Length)).Append('\n');
            }
            else if (!line.TrimStart().StartsWith("<!--", StringComparison.Ordinal))
            {
                output.Append(line.Length == 0 ? string.Empty : "    " + Plain(line)).Append('\n');
            }
        }

        // One blank line at most between blocks, and one line end at the end.
        return Regex.Replace(output.ToString(), @"\n{3,}", "\n\n").Trim('\n') + "\n";
    }

    /// <summary>The README with this topic's section replaced by <see cref="ReadmeSection"/>; null when the markers are missing.</summary>
    public string? ApplyTo(string readme)
    {
        var text = readme.Replace("\r\n", "\n");
        var begin = text.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return null;
        }

        var start = begin + BeginMarker.Length;
        return text.Substring(0, start) + "\n" + ReadmeSection + text.Substring(end);
    }

    /// <summary>What the README holds between this topic's markers now; null when the markers are missing.</summary>
    public string? SectionIn(string readme)
    {
        var text = readme.Replace("\r\n", "\n");
        var begin = text.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        return begin < 0 || end < begin ? null : text.Substring(begin + BeginMarker.Length + 1, end - begin - BeginMarker.Length - 1);
    }

    // Markdown marks that mean nothing in a console: emphasis, code spans, link targets.
    private static string Plain(string line)
    {
        var text = Regex.Replace(line, @"\[(?<text>[^\]]+)\]\([^)]+\)", "${text}");
        return text.Replace("**", string.Empty).Replace("`", string.Empty);
    }
}
