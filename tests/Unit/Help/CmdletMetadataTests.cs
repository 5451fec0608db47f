using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using AgentProc.Commands;
using AgentProc.HelpGen;
using Xunit;
using Xunit.Abstractions;

namespace AgentProc.Tests.Help;

/// <summary>The rules every cmdlet's declaration follows, and the manifest that exports them.</summary>
public class CmdletMetadataTests
{
    // PSScriptAnalyzer's state-changing verbs, and the ones this module uses. Invoke runs things but is
    // exempt: Invoke-AgentScript's whole purpose is to run, so -WhatIf would mean nothing.
    private static readonly HashSet<string> StateChangingVerbs = new(StringComparer.Ordinal)
    {
        "Start", "Stop", "Remove", "Register", "Unregister", "Set", "New", "Restart", "Reset", "Update",
    };

    private readonly ITestOutputHelper output;

    public CmdletMetadataTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    /// <summary>The verbs Get-Verb lists: the constants of the Verbs* classes (they are constants, so the stub holds them).</summary>
    private static HashSet<string> ApprovedVerbs() =>
        new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_reader_finds_the_cmdlets_in_the_module()
    {
        Assert.Contains(HelpFixture.Cmdlets, c => c.Type == typeof(StartAgentProcessCommand));
        Assert.DoesNotContain(HelpFixture.Cmdlets, c => c.Type == typeof(AgentProcessTargetCommand));
    }

    [Fact]
    public void The_reader_decodes_attribute_values_from_metadata()
    {
        // The stub's attribute getters return defaults; these values can come only from the metadata.
        var start = HelpFixture.Cmdlet("Start-AgentProcess");
        var get = HelpFixture.Cmdlet("Get-AgentProcess");
        var stop = HelpFixture.Cmdlet("Stop-AgentProcess");

        Assert.Equal(("Start", "AgentProcess", true), (start.Verb, start.Noun, start.SupportsShouldProcess));
        Assert.Equal(new[] { "AgentProc.Processes.AgentProcess", "AgentProc.Processes.AgentProcessReceipt", "AgentProc.Hosting.AgentProcessJob" }, start.OutputTypes);
        Assert.Equal(new[] { "CommandLine" }, start.Find("Command")!.Aliases);
        Assert.Equal(new ParameterSetBinding("Command", true, 0, true, true), start.Find("Command")!.Sets.Single());
        Assert.Equal("Command", start.DefaultParameterSetName);
        Assert.Equal("Id", get.DefaultParameterSetName);
        Assert.False(get.SupportsShouldProcess);
        Assert.True(stop.Find("Name")!.SupportsWildcards);
        Assert.Equal(new[] { "Id", "InputObject", "InstanceId", "Name" }, stop.ParameterSets);
        Assert.True(stop.Find("Kill")!.IsSwitch);
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void WhatIf_and_Confirm_are_implied_exactly_by_ShouldProcess(string name)
    {
        var cmdlet = HelpFixture.Cmdlet(name);
        var implied = cmdlet.Parameters.Where(p => p.IsImplied).Select(p => p.Name).ToList();

        Assert.Equal(cmdlet.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>(), implied);
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void The_verb_is_approved(string name)
    {
        var verb = HelpFixture.Cmdlet(name).Verb;

        Assert.True(ApprovedVerbs().Contains(verb), $"{name}: '{verb}' is not an approved verb (see Get-Verb).");
    }

    [Theory]
    [MemberData(nameof(HelpFixture.CmdletNames), MemberType = typeof(HelpFixture))]
    public void A_state_changing_verb_supports_ShouldProcess(string name)
    {
        var cmdlet = HelpFixture.Cmdlet(name);

        Assert.True(
            !StateChangingVerbs.Contains(cmdlet.Verb) || cmdlet.SupportsShouldProcess,
            $"{name} changes state: declare [Cmdlet(..., SupportsShouldProcess = true)] and call ShouldProcess.");
    }

    [Fact]
    public void The_manifest_exports_every_cmdlet()
    {
        var exported = HelpFixture.ExportedCmdlets();
        var implemented = HelpFixture.Cmdlets.Select(c => c.Name).ToList();

        foreach (var planned in exported.Except(implemented))
        {
            output.WriteLine($"Exported by AgentProc.psd1 but not implemented yet: {planned}");
        }

        var missing = implemented.Except(exported).ToList();
        Assert.True(missing.Count == 0, "Add to CmdletsToExport in AgentProc.psd1: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_manifest_exports_only_implemented_cmdlets()
    {
        var stray = HelpFixture.ExportedCmdlets().Except(HelpFixture.Cmdlets.Select(c => c.Name)).ToList();

        Assert.True(stray.Count == 0, "CmdletsToExport in AgentProc.psd1 names cmdlets without a class: " + string.Join(", ", stray));
    }

    [Fact]
    public void The_manifest_lists_each_cmdlet_once()
    {
        var exported = HelpFixture.ExportedCmdlets();

        Assert.Equal(exported.Distinct(StringComparer.OrdinalIgnoreCase).Count(), exported.Count);
    }
}
