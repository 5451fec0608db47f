using System;
using AgentProc.HelpGen;
using Xunit;

namespace AgentProc.Tests.Help;

public class CmdletDocReaderTests
{
    private const string Sample = """
        # Get-Thing

        ## SYNOPSIS
        Gets things.

        ## DESCRIPTION
        The first paragraph,
        wrapped over two lines.

        The second paragraph:

        - one item
        - another item,
          continued

        ## EXAMPLES

        ### Example 1: Get every thing
        ```powershell
        # not a heading: a comment in the code
        ## nor this
        Get-Thing
        ```

        Gets them all.

        ### Example 2
        ```powershell
        Get-Thing -Name a*
        ```

        Gets some.

        ## PARAMETERS

        ### -Name
        The names.
        Wildcards work.

        ## INPUTS

        ### System.String
        Names.

        ## OUTPUTS

        ### None
        Nothing.

        ## NOTES
        A note.

        ## RELATED LINKS

        - [Set-Thing](Set-Thing.md)
        - [Online](https://example.com/get-thing)
        """;

    [Fact]
    public void Reads_every_section()
    {
        var doc = CmdletDocReader.Parse(Sample, "Get-Thing.md");

        Assert.Equal("Get-Thing", doc.Name);
        Assert.Equal("Gets things.", doc.Synopsis);
        Assert.Equal("Name", Assert.Single(doc.Parameters).Name);
        Assert.Equal("System.String", Assert.Single(doc.Inputs).TypeName);
        Assert.Equal("None", Assert.Single(doc.Outputs).TypeName);
        Assert.Equal(new[] { "A note." }, doc.Notes);
        Assert.Equal(new[] { new LinkDoc("Set-Thing", "Set-Thing.md"), new LinkDoc("Online", "https://example.com/get-thing") }, doc.Links);
    }

    [Fact]
    public void Joins_wrapped_lines_and_keeps_each_list_item_a_paragraph()
    {
        var doc = CmdletDocReader.Parse(Sample, "Get-Thing.md");

        Assert.Equal(
            new[] { "The first paragraph, wrapped over two lines.", "The second paragraph:", "- one item", "- another item, continued" },
            doc.Description);
        Assert.Equal(new[] { "The names. Wildcards work." }, doc.Parameters[0].Description);
    }

    [Fact]
    public void Examples_keep_their_code_verbatim_and_headings_in_code_are_code()
    {
        var doc = CmdletDocReader.Parse(Sample, "Get-Thing.md");

        Assert.Equal(2, doc.Examples.Count);
        Assert.Equal("Get every thing", doc.Examples[0].Title);
        Assert.Equal("# not a heading: a comment in the code\n## nor this\nGet-Thing", doc.Examples[0].Code);
        Assert.Equal(new[] { "Gets them all." }, doc.Examples[0].Remarks);
        Assert.Equal(string.Empty, doc.Examples[1].Title);
    }

    [Fact]
    public void An_unknown_section_is_an_error_that_names_it()
    {
        var error = Assert.Throws<FormatException>(() => CmdletDocReader.Parse("# Get-Thing\n\n## SYNOPSYS\nGets.\n", "Get-Thing.md"));

        Assert.Contains("SYNOPSYS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_documented_twice_is_an_error()
    {
        var error = Assert.Throws<FormatException>(() => CmdletDocReader.Parse("# Get-Thing\n\n## PARAMETERS\n### -Name\nA.\n### -Name\nB.\n", "Get-Thing.md"));

        Assert.Contains("-Name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_title_is_an_error()
    {
        Assert.Throws<FormatException>(() => CmdletDocReader.Parse("## SYNOPSIS\nGets.\n", "Get-Thing.md"));
    }
}
