using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using AgentProc.HelpGen;
using Xunit;

namespace AgentProc.Tests.Help;

/// <summary>The committed MAML is exactly what the generator makes, and is MAML that Get-Help reads.</summary>
public class HelpFileTests
{
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    private static XDocument Generated => XDocument.Parse(HelpFixture.Build.Maml);

    private static XElement CommandNamed(string name) =>
        Generated.Root!.Elements(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == name);

    private static XElement Parameter(XElement parent, string name) =>
        parent.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == name);

    [Fact]
    public void The_committed_help_file_matches_a_fresh_generation()
    {
        Assert.True(File.Exists(HelpFixture.HelpFile), $"{HelpFixture.HelpFile} is missing. Run `{HelpFixture.RegenerateCommand}` from the repository root and commit the result.");

        // Line ends may change on checkout (core.autocrlf); the content may not.
        var committed = File.ReadAllText(HelpFixture.HelpFile).Replace("\r\n", "\n").Split('\n');
        var fresh = HelpFixture.Build.Maml.Split('\n');
        var firstDifference = Enumerable.Range(0, Math.Max(committed.Length, fresh.Length))
            .FirstOrDefault(i => i >= committed.Length || i >= fresh.Length || committed[i] != fresh[i], -1);

        Assert.True(
            firstDifference < 0,
            $"{HelpFixture.HelpFile} is out of date with docs/en-US or the cmdlets (first difference at line {firstDifference + 1}: " +
            $"committed '{Line(committed, firstDifference)}', generated '{Line(fresh, firstDifference)}'). " +
            $"Run `{HelpFixture.RegenerateCommand}` from the repository root and commit the result.");
    }

    [Fact]
    public void The_generator_finds_no_disagreement_between_docs_and_code()
    {
        Assert.True(HelpFixture.Build.Problems.Count == 0, string.Join(Environment.NewLine, HelpFixture.Build.Problems));
    }

    [Fact]
    public void The_help_file_is_MAML_with_one_command_per_cmdlet()
    {
        var root = Generated.Root!;

        Assert.Equal(XName.Get("helpItems", "http://msh"), root.Name);
        Assert.Equal("maml", root.Attribute("schema")?.Value);
        Assert.Equal(
            HelpFixture.Cmdlets.Select(c => c.Name).OrderBy(n => n),
            root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void Every_command_has_the_sections_Get_Help_Full_shows(string name)
    {
        var command = CommandNamed(name);
        var metadata = HelpFixture.Cmdlet(name);

        Assert.Equal(metadata.Verb, command.Element(Command + "details")!.Element(Command + "verb")!.Value);
        Assert.Equal(metadata.Noun, command.Element(Command + "details")!.Element(Command + "noun")!.Value);
        Assert.NotEmpty(command.Element(Command + "details")!.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.NotEmpty(command.Element(Maml + "description")!.Elements(Maml + "para"));
        Assert.Equal(metadata.ParameterSets.Count, command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").Count());
        Assert.All(
            command.Element(Command + "parameters")!.Elements(Command + "parameter"),
            p => Assert.NotEmpty(p.Element(Maml + "description")!.Elements(Maml + "para")));
        Assert.True(command.Element(Command + "examples")!.Elements(Command + "example").Count() >= 2);
        Assert.All(
            command.Element(Command + "examples")!.Elements(Command + "example"),
            e =>
            {
                Assert.NotEmpty(e.Element(Dev + "code")!.Value);
                Assert.NotEmpty(e.Element(Dev + "remarks")!.Elements(Maml + "para"));
            });
        Assert.NotEmpty(command.Element(Command + "inputTypes")!.Elements());
        Assert.NotEmpty(command.Element(Command + "returnValues")!.Elements());
    }

    [Fact]
    public void The_Command_parameter_shows_its_position_alias_and_both_kinds_of_pipeline_input()
    {
        var command = Parameter(CommandNamed("Start-AgentProcess").Element(Command + "parameters")!, "Command");

        Assert.Equal("true", command.Attribute("required")!.Value);
        Assert.Equal("0", command.Attribute("position")!.Value);
        Assert.Equal("True (ByValue, ByPropertyName)", command.Attribute("pipelineInput")!.Value);
        Assert.Equal("CommandLine", command.Attribute("aliases")!.Value);
        Assert.Equal("String", command.Element(Dev + "type")!.Element(Maml + "name")!.Value);
    }

    [Fact]
    public void Target_cmdlets_have_one_syntax_item_per_parameter_set_with_the_default_set_first()
    {
        var items = CommandNamed("Stop-AgentProcess").Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(4, items.Count);
        Assert.Equal(
            new[] { "Id", "InputObject", "InstanceId", "Name" },
            items.Select(i => i.Elements(Command + "parameter").First().Element(Maml + "name")!.Value));
        Assert.Equal("True (ByValue)", Parameter(items[1], "InputObject").Attribute("pipelineInput")!.Value);
        // Piped objects bind by InstanceId, never by a bare Id that any object may carry.
        Assert.Equal("False", Parameter(items[0], "Id").Attribute("pipelineInput")!.Value);
        Assert.Equal("True (ByPropertyName)", Parameter(items[2], "InstanceId").Attribute("pipelineInput")!.Value);
        Assert.Equal("true", Parameter(items[3], "Name").Attribute("globbing")!.Value);
        Assert.Equal("named", Parameter(items[2], "InstanceId").Attribute("position")!.Value);
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void WhatIf_and_Confirm_appear_in_every_syntax_item_exactly_when_the_cmdlet_supports_ShouldProcess(string name)
    {
        var command = CommandNamed(name);
        var expected = HelpFixture.Cmdlet(name).SupportsShouldProcess;

        foreach (var item in command.Element(Command + "syntax")!.Elements(Command + "syntaxItem"))
        {
            var names = item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToList();
            Assert.Equal(expected, names.Contains("WhatIf"));
            Assert.Equal(expected, names.Contains("Confirm"));
        }
    }

    [Fact]
    public void Switches_take_no_value_in_the_syntax_and_enums_list_their_values()
    {
        var item = CommandNamed("Start-AgentProcess").Element(Command + "syntax")!.Element(Command + "syntaxItem")!;

        Assert.Null(Parameter(item, "Wait").Element(Command + "parameterValue"));
        Assert.Equal(
            new[] { "Default", "Sh", "Bash", "Cmd", "Pwsh", "PowerShell" },
            Parameter(item, "Shell").Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
    }

    [Fact]
    public void Default_values_come_from_the_code()
    {
        var receive = CommandNamed("Receive-AgentProcessOutput").Element(Command + "parameters")!;
        var start = CommandNamed("Start-AgentProcess").Element(Command + "parameters")!;

        Assert.Equal("00:05:00", Parameter(receive, "Timeout").Element(Dev + "defaultValue")!.Value);
        Assert.Equal("False", Parameter(receive, "Wait").Element(Dev + "defaultValue")!.Value);
        Assert.Equal("Default", Parameter(start, "Shell").Element(Dev + "defaultValue")!.Value);
        Assert.Equal("None", Parameter(start, "Timeout").Element(Dev + "defaultValue")!.Value);
    }

    private static string Line(string[] lines, int index) => index >= 0 && index < lines.Length ? lines[index].Trim() : "<end of file>";
}
