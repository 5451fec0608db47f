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
    private static readonly string[] Known = { "Name", "Script", "Path", "Timeout", "LogPath", "DependsOn", "After", "WorkingDirectory", "Environment", "ArgumentList" };

    private readonly PSCmdlet cmdlet;

    public ScriptDefinitionBinder(PSCmdlet cmdlet)
    {
        this.cmdlet = cmdlet;
    }

    /// <summary>
    /// The scripts a piped object stands for: a path (wildcards expand, each file a script), a file
    /// (Get-ChildItem, or an object with a FullName or PSPath and no Script or Path), or a hashtable or
    /// object with Name, Script or Path and the other script properties. <paramref name="arguments"/>
    /// go to every script that has no ArgumentList of its own.
    /// </summary>
    public IReadOnlyList<ScriptDefinition> FromObject(object input, IReadOnlyList<string> arguments)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case string path:
                return FromPath(path, literal: false, null, null, null, null, null, arguments);
            case FileSystemInfo file:
                return FromPath(file.FullName, literal: true, null, null, null, null, null, arguments);
            case ValueType:
                throw EngineErrors.PipedValueIsNotAScript(value);
        }

        if (value is not IDictionary && FileOf(input) is { } filePath)
        {
            return FromPath(filePath, literal: true, null, null, null, null, null, arguments);
        }

        return new[] { FromProperties(value, input, arguments) };
    }

    /// <summary>
    /// A script per file that <paramref name="path"/> names, named after its file unless
    /// <paramref name="name"/> is given (for one file only). Wildcards expand unless <paramref name="literal"/>;
    /// a path without wildcards that does not exist is left for the runner to report, with the script's name.
    /// </summary>
    public IReadOnlyList<ScriptDefinition> FromPath(string path, bool literal, string? name, TimeSpan? timeout, string? logPath, string? workingDirectory, IDictionary? environment, IReadOnlyList<string> arguments)
    {
        var parameter = literal ? "LiteralPath" : "Path";
        IReadOnlyList<string> files;
        if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
        {
            files = new[] { ProviderPaths.Resolve(cmdlet, path, parameter) };
        }
        else
        {
            files = ProviderPaths.ResolveExisting(cmdlet, path, parameter);
            if (files.Count == 0)
            {
                throw EngineErrors.ScriptPathMatchedNothing(path);
            }

            if (name != null && files.Count > 1)
            {
                throw EngineErrors.ScriptNameForManyFiles(name, path, files.Count);
            }
        }

        var directory = files.FirstOrDefault(Directory.Exists);
        if (directory != null)
        {
            throw EngineErrors.ScriptPathIsDirectory(directory);
        }

        return files
            .Select(file => Create(name ?? System.IO.Path.GetFileNameWithoutExtension(file), null, file, timeout, logPath, Array.Empty<string>(), Array.Empty<string>(), workingDirectory, environment, arguments))
            .ToArray();
    }

    // A file-like object: FullName (FileInfo, Select-Object FullName) or PSPath (provider items), and
    // no Script or Path of its own, which would make it a script definition.
    private static string? FileOf(object input)
    {
        var properties = PSObject.AsPSObject(input).Properties;
        if (properties["Script"] != null || properties["Path"] != null)
        {
            return null;
        }

        return (properties["FullName"]?.Value ?? properties["PSPath"]?.Value) is { } path ? Convert.ToString(path, CultureInfo.InvariantCulture) : null;
    }

    private ScriptDefinition FromProperties(object value, object input, IReadOnlyList<string> arguments)
    {
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
            values.TryGetValue("Environment", out var environment) ? Dictionary(environment) : null,
            values.TryGetValue("ArgumentList", out var own) && own != null ? Arguments(own) : arguments);
    }

    public ScriptDefinition Create(string name, string? script, string? path, TimeSpan? timeout, string? logPath, IReadOnlyList<string> dependsOn, IReadOnlyList<string> after, string? workingDirectory, IDictionary? environment, IReadOnlyList<string>? arguments = null) =>
        new(name)
        {
            Arguments = arguments ?? Array.Empty<string>(),
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

    // An argument list as PowerShell users write one: a single value or an array; numbers are text.
    private static IReadOnlyList<string> Arguments(object value)
    {
        var items = value is IEnumerable many and not string and not IDictionary ? many.Cast<object?>().Select(Unwrap) : new[] { value };
        return items.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
    }

    private static TimeSpan Duration(object value) => value switch
    {
        TimeSpan span => span,
        string text => DurationTransformationAttribute.Parse(text),
        _ => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
    };
}
