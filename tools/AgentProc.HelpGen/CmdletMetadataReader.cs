using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace AgentProc.HelpGen;

/// <summary>
/// Reads cmdlet metadata from a module assembly. The PowerShellStandard stub loads, but its attribute
/// getters return defaults (CmdletAttribute.VerbName is null there), so every attribute value is
/// decoded from metadata with <see cref="CustomAttributeData"/> rather than from attribute instances.
/// </summary>
public static class CmdletMetadataReader
{
    private const string Sma = "System.Management.Automation.";

    /// <summary>Every public, non-abstract class with [Cmdlet], ordered by Verb-Noun.</summary>
    public static IReadOnlyList<CmdletMetadata> Read(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract)
            .Select(Read)
            .OfType<CmdletMetadata>()
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>The metadata of <paramref name="type"/>, or null when it declares no [Cmdlet].</summary>
    public static CmdletMetadata? Read(Type type)
    {
        var cmdlet = Attributes(type.GetCustomAttributesData(), "CmdletAttribute").FirstOrDefault();
        if (cmdlet is null)
        {
            return null;
        }

        var shouldProcess = Named(cmdlet, "SupportsShouldProcess", false);
        var instance = TryCreate(type);
        var parameters = ParameterProperties(type)
            .Select(p => ReadParameter(p, instance))
            .OfType<ParameterMetadata>()
            .ToList();
        if (shouldProcess)
        {
            // PowerShell adds these to every cmdlet that supports ShouldProcess; Get-Help shows them in the syntax.
            parameters.Add(Implied("WhatIf", "wi"));
            parameters.Add(Implied("Confirm", "cf"));
        }

        return new CmdletMetadata(
            type,
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            Named<string?>(cmdlet, "DefaultParameterSetName", null),
            shouldProcess,
            Attributes(type.GetCustomAttributesData(), "OutputTypeAttribute").SelectMany(OutputTypeNames).Distinct().ToList(),
            parameters);
    }

    // Base class properties first, then each class's in declaration order: stable from build to build.
    private static IEnumerable<PropertyInfo> ParameterProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => Attributes(p.GetCustomAttributesData(), "ParameterAttribute").Any())
            .OrderBy(p => Depth(p.DeclaringType!))
            .ThenBy(p => p.MetadataToken);

    private static ParameterMetadata? ReadParameter(PropertyInfo property, object? instance)
    {
        var attributes = property.GetCustomAttributesData();
        var parameterAttributes = Attributes(attributes, "ParameterAttribute").ToList();
        if (parameterAttributes.Any(a => Named(a, "DontShow", false)))
        {
            return null;
        }

        var sets = parameterAttributes.Select(a =>
        {
            var position = Named(a, "Position", int.MinValue);
            return new ParameterSetBinding(
                Named(a, "ParameterSetName", CmdletMetadata.AllParameterSets)!,
                Named(a, "Mandatory", false),
                position == int.MinValue ? null : position,
                Named(a, "ValueFromPipeline", false),
                Named(a, "ValueFromPipelineByPropertyName", false));
        }).ToList();

        var aliases = Attributes(attributes, "AliasAttribute")
            .SelectMany(a => Strings(a.ConstructorArguments))
            .ToList();

        return new ParameterMetadata(
            property.Name,
            property.PropertyType,
            aliases,
            Attributes(attributes, "SupportsWildcardsAttribute").Any(),
            sets,
            DefaultValue(property, instance),
            IsImplied: false);
    }

    private static ParameterMetadata Implied(string name, string alias) => new(
        name,
        typeof(SwitchParameter),
        new[] { alias },
        SupportsWildcards: false,
        new[] { new ParameterSetBinding(CmdletMetadata.AllParameterSets, false, null, false, false) },
        "False",
        IsImplied: true);

    /// <summary>A fresh instance shows each property's initial value: the parameter's real default.</summary>
    private static object? TryCreate(Type type)
    {
        try
        {
            return Activator.CreateInstance(type);
        }
        catch (Exception ex) when (ex is TargetInvocationException or MissingMethodException or MemberAccessException)
        {
            // A cmdlet that cannot be built outside pwsh still gets help; its defaults read "None".
            return null;
        }
    }

    private static string DefaultValue(PropertyInfo property, object? instance)
    {
        if (property.PropertyType == typeof(SwitchParameter))
        {
            // The stub's SwitchParameter reads as empty; a switch that defaults to on would be a design error.
            return "False";
        }

        object? value;
        try
        {
            value = instance is null ? null : property.GetValue(instance);
        }
        catch (TargetInvocationException)
        {
            value = null;
        }

        return value switch
        {
            null => "None",
            string text => text.Length == 0 ? "None" : text,
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            bool flag => flag ? "True" : "False",
            Array array => array.Length == 0 ? "None" : string.Join(", ", array.Cast<object>().Select(Format)),
            IEnumerable => "None",
            _ => Format(value),
        };
    }

    private static string Format(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static IEnumerable<string> OutputTypeNames(CustomAttributeData attribute) =>
        attribute.ConstructorArguments.SelectMany(Values).Select(v => v switch
        {
            Type type => type.FullName ?? type.Name,
            _ => Format(v!),
        });

    private static IEnumerable<string> Strings(IEnumerable<CustomAttributeTypedArgument> arguments) =>
        arguments.SelectMany(Values).OfType<string>();

    // A params array arrives as one argument holding a collection of arguments.
    private static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items
            ? items.Select(i => i.Value)
            : new[] { argument.Value };

    private static IEnumerable<CustomAttributeData> Attributes(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.Where(a => a.AttributeType.FullName == Sma + name);

    private static T Named<T>(CustomAttributeData attribute, string name, T fallback)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T)argument.TypedValue.Value!;
            }
        }

        return fallback;
    }

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type.BaseType; t != null; t = t.BaseType)
        {
            depth++;
        }

        return depth;
    }
}
