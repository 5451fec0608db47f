using System;
using System.IO;
using System.Linq;
using AgentProc.HelpGen;
using Xunit;

namespace AgentProc.Tests.Help;

/// <summary>Every cmdlet has a complete doc in docs/en-US, and every doc matches a cmdlet and its parameters.</summary>
public class CmdletDocTests
{
    private static CmdletDoc DocOf(string name) =>
        HelpFixture.Doc(name) ?? throw new Xunit.Sdk.XunitException($"{name} has no doc: write docs/en-US/{name}.md.");

    [Fact]
    public void Every_cmdlet_class_has_a_doc()
    {
        var missing = HelpFixture.Cmdlets.Where(c => HelpFixture.Doc(c.Name) is null).Select(c => $"docs/en-US/{c.Name}.md ({c.Type.Name})").ToList();

        Assert.True(missing.Count == 0, "Write the help for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_doc_is_for_a_cmdlet_class()
    {
        var strays = HelpFixture.Build.Docs
            .Select(d => Path.GetFileNameWithoutExtension(d.Path))
            .Where(n => HelpFixture.Cmdlets.All(c => !string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.True(strays.Count == 0, "No [Cmdlet] class for: " + string.Join(", ", strays));
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void The_doc_title_is_the_cmdlet_name(string name)
    {
        Assert.Equal(name, DocOf(name).Name);
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void The_doc_has_a_synopsis_and_a_description(string name)
    {
        var doc = DocOf(name);

        Assert.False(string.IsNullOrWhiteSpace(doc.Synopsis), $"{doc.Path}: ## SYNOPSIS is empty.");
        Assert.True(doc.Description.Count > 0, $"{doc.Path}: ## DESCRIPTION is empty.");
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void The_doc_has_at_least_two_examples_each_with_title_code_and_explanation(string name)
    {
        var doc = DocOf(name);

        Assert.True(doc.Examples.Count >= DocCoverage.MinimumExamples, $"{doc.Path}: {doc.Examples.Count} example(s); write at least {DocCoverage.MinimumExamples}.");
        Assert.All(doc.Examples, e =>
        {
            Assert.NotEmpty(e.Title);
            Assert.Contains(name, e.Code, StringComparison.Ordinal);
            Assert.NotEmpty(e.Remarks);
        });
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void The_doc_describes_every_parameter_the_code_declares(string name)
    {
        var doc = DocOf(name);
        var undocumented = HelpFixture.Cmdlet(name).Parameters
            .Where(p => !p.IsImplied)
            .Where(p => doc.Parameters.All(d => d.Name != p.Name || d.Description.Count == 0))
            .Select(p => "-" + p.Name)
            .ToList();

        Assert.True(undocumented.Count == 0, $"{doc.Path}: describe {string.Join(", ", undocumented)} under ## PARAMETERS.");
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void The_doc_describes_no_parameter_the_code_lacks(string name)
    {
        var doc = DocOf(name);
        var metadata = HelpFixture.Cmdlet(name);
        var extra = doc.Parameters.Where(d => metadata.Parameters.All(p => p.Name != d.Name)).Select(d => "-" + d.Name).ToList();

        Assert.True(extra.Count == 0, $"{doc.Path}: {name} has no parameter {string.Join(", ", extra)}.");
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void The_doc_outputs_name_every_declared_output_type(string name)
    {
        var doc = DocOf(name);

        Assert.All(HelpFixture.Cmdlet(name).OutputTypes, t => Assert.Contains(t, doc.Outputs.Select(o => o.TypeName)));
    }
}
