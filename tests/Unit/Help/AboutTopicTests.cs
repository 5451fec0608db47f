using System;
using System.IO;
using System.Linq;
using System.Reflection;
using AgentProc.HelpGen;
using Xunit;

namespace AgentProc.Tests.Help;

/// <summary>
/// The about_ topics: the committed .help.txt files and the README sections are exactly what
/// docs/en-US/about_*.md make, so the three cannot drift; and they cover what they promise.
/// </summary>
public class AboutTopicTests
{
    private static AboutTopic Topic(string name) => AboutTopic.ReadDirectory(HelpFixture.DocsDirectory).Single(t => t.Name == name);

    [Theory]
    [InlineData("about_AgentProc")]
    [InlineData("about_AgentProc_Cron")]
    public void The_committed_help_text_matches_a_fresh_generation(string name)
    {
        var topic = Topic(name);
        var path = Path.Combine(Path.GetDirectoryName(HelpFixture.HelpFile)!, topic.HelpFileName);

        Assert.True(File.Exists(path), $"{path} is missing. Run `{HelpFixture.RegenerateCommand}` and commit the result.");
        Assert.True(
            File.ReadAllText(path).Replace("\r\n", "\n") == topic.ToHelpText(),
            $"{path} differs from docs/en-US/{name}.md. Run `{HelpFixture.RegenerateCommand}` and commit the result.");
    }

    [Theory]
    [InlineData("about_AgentProc")]
    [InlineData("about_AgentProc_Cron")]
    public void The_README_section_is_the_topics_long_description(string name)
    {
        var topic = Topic(name);
        var readme = File.ReadAllText(Path.Combine(HelpFixture.Root, "README.md"));

        var section = topic.SectionIn(readme);
        Assert.True(section != null, $"README.md has no {topic.BeginMarker} ... {topic.EndMarker} section.");
        Assert.True(
            section == topic.ReadmeSection,
            $"README.md's {name} section differs from docs/en-US/{name}.md: edit the doc, then run `{HelpFixture.RegenerateCommand}`.");
    }

    [Theory]
    [InlineData("about_AgentProc", new[] { "Sessions", "Processes", "Scripts", "Schedules", "Logging" }, new[] { "head+tail", "exit code", "SIGTERM", "closed", "Retention" })]
    [InlineData("about_AgentProc_Cron", new[] { "Syntax", "The day rule", "Time zones", "Daylight saving", "Examples" }, new[] { "seconds first", "CRON_TZ=", "IANA", "OR" })]
    public void The_topic_covers_its_subjects(string name, string[] headings, string[] phrases)
    {
        var text = Topic(name).ToHelpText();

        foreach (var heading in headings)
        {
            Assert.Contains("\n    " + heading + "\n    " + new string('-', heading.Length) + "\n", text);
        }

        foreach (var phrase in phrases)
        {
            Assert.Contains(phrase, text);
        }

        Assert.StartsWith("TOPIC\n    " + name + "\n\nSHORT DESCRIPTION\n", text);
        Assert.Contains("\nSEE ALSO\n", text);
    }

    [Fact]
    public void Help_text_drops_Markdown_marks()
    {
        var topic = AboutTopic.Parse("about_X", "# about_X\n\n## SHORT DESCRIPTION\nShort.\n\n## LONG DESCRIPTION\n<!-- note -->\n### Part\n\n**Bold** `code` and [a link](https://example.com).\n\n```powershell\nGet-Thing\n```\n\n## SEE ALSO\n- about_Y\n");

        var text = topic.ToHelpText();

        Assert.Contains("    Bold code and a link.\n", text);
        Assert.Contains("        Get-Thing\n", text);
        Assert.Contains("    Part\n    ----\n", text);
        Assert.DoesNotContain("<!--", text);
        Assert.Equal("### Part\n\n**Bold** `code` and [a link](https://example.com).\n\n```powershell\nGet-Thing\n```\n", topic.ReadmeSection);
    }

    [Fact]
    public void Every_mandatory_parameter_has_a_HelpMessage()
    {
        var missing = (
            from type in HelpGenerator.ModuleAssembly.GetTypes()
            from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            from attribute in property.CustomAttributes
            where attribute.AttributeType.Name == "ParameterAttribute"
            where attribute.NamedArguments.Any(a => a.MemberName == "Mandatory" && a.TypedValue.Value is true)
            where !attribute.NamedArguments.Any(a => a.MemberName == "HelpMessage" && a.TypedValue.Value is string { Length: > 0 })
            select $"{type.Name}.{property.Name}").Distinct().ToList();

        Assert.True(missing.Count == 0, "Mandatory parameters without a HelpMessage: " + string.Join(", ", missing));
    }
}
