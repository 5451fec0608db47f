using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace AgentProc.HelpGen;

/// <summary>
/// Writes MAML in the shape platyPS's New-ExternalHelp emits, which is what Get-Help reads for a
/// compiled cmdlet: one command:command per cmdlet under <c>&lt;helpItems schema="maml"&gt;</c>.
/// Structure and binding facts come from <see cref="CmdletMetadata"/>; words from <see cref="CmdletDoc"/>.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    // What PowerShell itself says about the parameters it adds; a doc may say more.
    private static readonly Dictionary<string, string> ImpliedDescriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    /// <summary>The MAML document as text: UTF-8, two-space indents, LF line ends, a final newline.</summary>
    public static string Write(IEnumerable<(CmdletMetadata Metadata, CmdletDoc Doc)> cmdlets)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var (metadata, doc) in cmdlets)
        {
            root.Add(CommandElement(metadata, doc));
        }

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static XElement CommandElement(CmdletMetadata metadata, CmdletDoc doc)
    {
        var docOrder = doc.Parameters.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
        int Order(ParameterMetadata p) => docOrder.TryGetValue(p.Name, out var i) ? i : int.MaxValue;
        IReadOnlyList<string> Describe(ParameterMetadata p) =>
            doc.Parameters.FirstOrDefault(d => string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase))?.Description
            ?? (ImpliedDescriptions.TryGetValue(p.Name, out var text) ? new[] { text } : Array.Empty<string>());

        // Documented parameters in the doc's order, then the rest as declared (WhatIf and Confirm last).
        var ordered = metadata.Parameters
            .Select((p, i) => (Parameter: p, Index: i))
            .OrderBy(x => x.Parameter.IsImplied)
            .ThenBy(x => Order(x.Parameter))
            .ThenBy(x => x.Index)
            .Select(x => x.Parameter)
            .ToList();

        return new XElement(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(
                Command + "details",
                new XElement(Command + "name", metadata.Name),
                new XElement(Command + "verb", metadata.Verb),
                new XElement(Command + "noun", metadata.Noun),
                Description(new[] { doc.Synopsis })),
            Description(doc.Description),
            new XElement(Command + "syntax", metadata.ParameterSets.Select(set => SyntaxItem(metadata, set, ordered, Describe))),
            new XElement(Command + "parameters", ordered.Select(p => Parameter(p, Merged(p, metadata), Describe(p), inSyntax: false))),
            new XElement(Command + "inputTypes", doc.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", doc.Outputs.Select(t => TypeElement("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(doc.Notes))),
            new XElement(Command + "examples", doc.Examples.Select((e, i) => Example(e, i + 1))),
            new XElement(Command + "relatedLinks", doc.Links.Select(Link)));
    }

    private static XElement SyntaxItem(CmdletMetadata metadata, string set, IReadOnlyList<ParameterMetadata> ordered, Func<ParameterMetadata, IReadOnlyList<string>> describe)
    {
        // As Get-Command shows a set: positional parameters by position, then mandatory, then the rest.
        var parameters = ordered
            .Select((p, i) => (Parameter: p, Binding: p.In(set), Index: i))
            .Where(x => x.Binding != null)
            .OrderBy(x => x.Parameter.IsImplied)
            .ThenBy(x => x.Binding!.Position ?? int.MaxValue)
            .ThenBy(x => x.Binding!.Mandatory ? 0 : 1)
            .ThenBy(x => x.Index);
        return new XElement(
            Command + "syntaxItem",
            new XElement(Maml + "name", metadata.Name),
            parameters.Select(x => Parameter(x.Parameter, x.Binding!, describe(x.Parameter), inSyntax: true)));
    }

    /// <summary>
    /// One binding that stands for the parameter in the PARAMETERS section: required only when it is
    /// mandatory in every set, the default set's position, and pipeline input from any set.
    /// </summary>
    private static ParameterSetBinding Merged(ParameterMetadata parameter, CmdletMetadata metadata)
    {
        var first = parameter.In(metadata.ParameterSets[0]) ?? parameter.Sets[0];
        return first with
        {
            Mandatory = parameter.Sets.All(s => s.Mandatory),
            ValueFromPipeline = parameter.Sets.Any(s => s.ValueFromPipeline),
            ValueFromPipelineByPropertyName = parameter.Sets.Any(s => s.ValueFromPipelineByPropertyName),
        };
    }

    private static XElement Parameter(ParameterMetadata parameter, ParameterSetBinding binding, IReadOnlyList<string> description, bool inSyntax)
    {
        var typeName = TypeName(parameter.Type);
        var element = new XElement(
            Command + "parameter",
            new XAttribute("required", Bool(binding.Mandatory)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Bool(parameter.SupportsWildcards)),
            new XAttribute("pipelineInput", PipelineInput(binding)),
            new XAttribute("position", binding.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(description));

        var enumType = parameter.ElementType.IsEnum ? parameter.ElementType : null;
        if (inSyntax && enumType != null)
        {
            // Get-Help shows these as {A | B | C} in the syntax.
            element.Add(new XElement(
                Command + "parameterValueGroup",
                Enum.GetNames(enumType).Select(n => new XElement(
                    Command + "parameterValue",
                    new XAttribute("required", "false"),
                    new XAttribute(Command + "variableLength", "false"),
                    n))));
        }

        // A switch takes no value: the syntax shows [-Wait], the PARAMETERS section -Wait [<SwitchParameter>].
        if (!(inSyntax && parameter.IsSwitch))
        {
            element.Add(new XElement(
                Command + "parameterValue",
                new XAttribute("required", Bool(!parameter.IsSwitch)),
                new XAttribute("variableLength", "false"),
                typeName));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", typeName), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", parameter.DefaultValue));
        return element;
    }

    public static string PipelineInput(ParameterSetBinding binding) => (binding.ValueFromPipeline, binding.ValueFromPipelineByPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    /// <summary>The short name PowerShell users read: <c>String[]</c>, <c>TimeSpan</c> (for TimeSpan?), <c>SwitchParameter</c>.</summary>
    public static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying);
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            var name = type.Name.Substring(0, type.Name.IndexOf('`'));
            return name + "[" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + "]";
        }

        return type.Name;
    }

    private static XElement TypeElement(string kind, TypeDoc type) => new(
        Command + kind,
        new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
        Description(type.Description));

    private static XElement Example(ExampleDoc example, int number)
    {
        var title = example.Title.Length == 0 ? $"Example {number}" : $"Example {number}: {example.Title}";
        return new XElement(
            Command + "example",
            new XElement(Maml + "title", $"-------------------------- {title} --------------------------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paras(example.Remarks)));
    }

    // Links to other help topics (Verb-Noun.md) keep only their text: Get-Help -Online opens real URIs only.
    private static XElement Link(LinkDoc link) => new(
        Maml + "navigationLink",
        new XElement(Maml + "linkText", link.Text),
        new XElement(Maml + "uri", link.Uri.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? link.Uri : string.Empty));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string Bool(bool value) => value ? "true" : "false";
}
