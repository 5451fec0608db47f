using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentProc.HelpGen;

/// <summary>What the code declares about one cmdlet: read from its attributes, never written by hand.</summary>
public sealed record CmdletMetadata(
    Type Type,
    string Verb,
    string Noun,
    string? DefaultParameterSetName,
    bool SupportsShouldProcess,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterMetadata> Parameters)
{
    /// <summary>The set name PowerShell gives parameters that declare none: they belong to every set.</summary>
    public const string AllParameterSets = "__AllParameterSets";

    public string Name => Verb + "-" + Noun;

    /// <summary>The named parameter sets, default first; one <see cref="AllParameterSets"/> when none are named.</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName)
                .Where(s => s != AllParameterSets)
                .Distinct()
                .OrderBy(s => s == DefaultParameterSetName ? 0 : 1)
                .ThenBy(s => s, StringComparer.Ordinal)
                .ToList();
            return named.Count == 0 ? new[] { AllParameterSets } : named;
        }
    }

    public ParameterMetadata? Find(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One parameter: its type, attributes, and its binding in each parameter set it belongs to.</summary>
public sealed record ParameterMetadata(
    string Name,
    Type Type,
    IReadOnlyList<string> Aliases,
    bool SupportsWildcards,
    IReadOnlyList<ParameterSetBinding> Sets,
    string DefaultValue,
    bool IsImplied)
{
    public bool IsSwitch => Type.FullName == "System.Management.Automation.SwitchParameter";

    /// <summary>The binding in <paramref name="set"/>, or null when the parameter is not in it.</summary>
    public ParameterSetBinding? In(string set) =>
        Sets.FirstOrDefault(s => s.SetName == set) ?? Sets.FirstOrDefault(s => s.SetName == CmdletMetadata.AllParameterSets);

    /// <summary>The element type of an array parameter: what one pipeline object must be.</summary>
    public Type ElementType => Type.IsArray ? Type.GetElementType()! : Nullable.GetUnderlyingType(Type) ?? Type;
}

/// <summary>A parameter's [Parameter] values in one set.</summary>
public sealed record ParameterSetBinding(
    string SetName,
    bool Mandatory,
    int? Position,
    bool ValueFromPipeline,
    bool ValueFromPipelineByPropertyName);
