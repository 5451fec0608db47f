using System;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using AgentProc.HelpGen;
using Xunit;

namespace AgentProc.Tests.Help;

/// <summary>AgentProc.Format.ps1xml loads, and every type and property it names exists in the module.</summary>
public class FormatFileTests
{
    private static XDocument Load() => XDocument.Load(HelpFixture.FormatFile);

    [Fact]
    public void The_format_file_is_well_formed_with_views()
    {
        var document = Load();

        Assert.Equal("Configuration", document.Root!.Name.LocalName);
        Assert.NotEmpty(document.Root.Element("ViewDefinitions")!.Elements("View"));
    }

    [Fact]
    public void Every_view_selects_a_public_type_of_the_module()
    {
        var missing = Load().Descendants("View")
            .SelectMany(v => v.Element("ViewSelectedBy")!.Elements("TypeName"))
            .Select(t => t.Value.Trim())
            .Where(name => HelpGenerator.PublicType(name) is not { IsPublic: true })
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, "No public type of the module or the engine named: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_PropertyName_exists_on_the_type_its_view_selects()
    {
        var missing = (
            from view in Load().Descendants("View")
            from typeName in view.Element("ViewSelectedBy")!.Elements("TypeName")
            let type = HelpGenerator.PublicType(typeName.Value.Trim())
            where type != null
            from property in view.Descendants("PropertyName")
            where type.GetProperty(property.Value.Trim(), BindingFlags.Public | BindingFlags.Instance) is null
            select $"{view.Element("Name")?.Value}: {type.Name}.{property.Value.Trim()}").Distinct().ToList();

        Assert.True(missing.Count == 0, "Properties named by AgentProc.Format.ps1xml that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_type_with_a_view_has_a_wide_view()
    {
        var views = Load().Descendants("View").ToList();
        var types = views.SelectMany(v => v.Element("ViewSelectedBy")!.Elements("TypeName")).Select(t => t.Value.Trim()).Distinct();
        var withoutWide = types
            .Where(type => !views.Any(v => v.Element("WideControl") != null && v.Element("ViewSelectedBy")!.Elements("TypeName").Any(t => t.Value.Trim() == type)))
            .ToList();

        Assert.True(withoutWide.Count == 0, "Types without a Format-Wide view: " + string.Join(", ", withoutWide));
    }
}
