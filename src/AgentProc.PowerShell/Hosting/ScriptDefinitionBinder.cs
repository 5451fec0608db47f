using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using AgentProc.Errors;
using AgentProc.Scripts;

namespace AgentProc.Hosting;

/// <summary>
/// Turns what a user pipes to Invoke-AgentScript (hashtables or objects with Name, Script or Path,
/// Timeout, LogPath, DependsOn, After, WorkingDirectory, Environment) into script definitions,
/// resolving paths as PowerShell users write them.
/// </summary>
internal sealed class ScriptDefinitionBinder
{
    private static readonly string[] Known = { "Name", "Script", "Path", "Timeout", "LogPath", "DependsOn", "After", "WorkingDirectory", "Environment" };

    private readonly PSCmdlet cmdlet;

    public ScriptDefinitionBinder(PSCmdlet cmdlet)
    {
        this.cmdlet = cmdlet;
    }

    public ScriptDefinition FromObject(object input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (value is string or ValueType)
        {
            throw EngineErrors.PipedValueIsNotAScript(value);
        }

        var values = Read(value, input);
        var unknown = values.Keys.Where(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0)
        {
            throw EngineErrors.UnknownScriptProperty(unknown[0], string.Join(", ", Known));
        }

        var script = Text(values, "Script");
        var path = Text(values, "Path");
        var name = Text(values, "Name") ?? (path != null ? System.IO.Path.GetFileNameWithoutExtension(path) : null)
            ?? throw EngineErrors.ScriptNameMissing();
        return Create(
            name,
            script,
            path,
            values.TryGetValue("Timeout", out var timeout) && timeout != null ? Duration(timeout) : null,
            Text(values, "LogPath"),
            List(values, "DependsOn"),
            List(values, "After"),
            Text(values, "WorkingDirectory"),
            values.TryGetValue("Environment", out var environment) ? Dictionary(environment) : null);
    }

    public ScriptDefinition Create(string name, string? script, string? path, TimeSpan? timeout, string? logPath, IReadOnlyList<string> dependsOn, IReadOnlyList<string> after, string? workingDirectory, IDictionary? environment) =>
        new(name)
        {
            Script = script,
            Path = path is null ? null : ProviderPaths.Resolve(cmdlet, path, "Path"),
            Timeout = timeout,
            LogPath = logPath is null ? null : ProviderPaths.ResolveIfDriveQualified(cmdlet, logPath),
            DependsOn = dependsOn,
            After = after,
            WorkingDirectory = workingDirectory is null ? null : ProviderPaths.Resolve(cmdlet, workingDirectory, "WorkingDirectory"),
            Environment = EnvironmentParameter.From(environment),
        };

    private static Dictionary<string, object?> Read(object value, object original)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (value is IDictionary table)
        {
            foreach (DictionaryEntry entry in table)
            {
                result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Unwrap(entry.Value);
            }

            return result;
        }

        var psObject = original as PSObject ?? PSObject.AsPSObject(value);
        foreach (var property in psObject.Properties)
        {
            if (property.IsGettable && Known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                result[property.Name] = Unwrap(property.Value);
            }
        }

        return result;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    // A hashtable, or an object whose properties are the variables (what ConvertFrom-Json gives).
    private static IDictionary? Dictionary(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case IDictionary table:
                return table;
            default:
                var result = new Hashtable();
                foreach (var property in PSObject.AsPSObject(value).Properties)
                {
                    if (property.IsGettable)
                    {
                        result[property.Name] = Unwrap(property.Value);
                    }
                }

                return result;
        }
    }

    private static string? Text(Dictionary<string, object?> values, string key) =>
        values.TryGetValue(key, out var value) && value != null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static IReadOnlyList<string> List(Dictionary<string, object?> values, string key)
    {
        if (!values.TryGetValue(key, out var value) || value is null)
        {
            return Array.Empty<string>();
        }

        if (value is string single)
        {
            return new[] { single };
        }

        var items = value is IEnumerable many and not IDictionary ? many.Cast<object?>().Select(Unwrap).Where(v => v != null) : new[] { value };
        return items.Select(v => v is string or ValueType ? Convert.ToString(v, CultureInfo.InvariantCulture)! : throw EngineErrors.DependencyNotAName(key, v!)).ToArray();
    }

    private static TimeSpan Duration(object value) => value switch
    {
        TimeSpan span => span,
        string text => DurationTransformationAttribute.Parse(text),
        _ => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
    };
}
