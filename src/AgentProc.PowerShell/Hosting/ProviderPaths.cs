using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AgentProc.Errors;

namespace AgentProc.Hosting;

/// <summary>
/// Paths as PowerShell users write them: relative to $PWD (not the .NET current directory), with
/// <c>~</c> and PowerShell drives (<c>TestDrive:</c>, <c>Temp:</c>) resolved by the provider.
/// </summary>
internal static class ProviderPaths
{
    /// <summary>$PWD's file-system path (the FileSystem provider's location when $PWD is on another provider).</summary>
    public static string CurrentDirectory(PSCmdlet cmdlet) => CurrentLocationCache.ProviderPath(cmdlet.SessionState.Path.CurrentFileSystemLocation);

    /// <summary>The file-system path for <paramref name="path"/>, which need not exist.</summary>
    public static string Resolve(PSCmdlet cmdlet, string path, string parameterName)
    {
        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (System.Exception ex) when (ex is DriveNotFoundException or ProviderNotFoundException or PSArgumentException or System.NotSupportedException)
        {
            throw EngineErrors.InvalidPath(parameterName, path, ex.Message);
        }

        if (provider.Name != "FileSystem")
        {
            throw EngineErrors.InvalidPath(parameterName, path, "it is on the " + provider.Name + " provider; only FileSystem paths are accepted.");
        }

        return resolved;
    }

    /// <summary>
    /// The existing file-system paths that <paramref name="path"/> names, wildcards expanded, in name
    /// order; empty when nothing matches.
    /// </summary>
    public static IReadOnlyList<string> ResolveExisting(PSCmdlet cmdlet, string path, string parameterName)
    {
        System.Collections.ObjectModel.Collection<string> resolved;
        ProviderInfo provider;
        try
        {
            resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
        }
        catch (ItemNotFoundException)
        {
            return System.Array.Empty<string>();
        }
        catch (System.Exception ex) when (ex is DriveNotFoundException or ProviderNotFoundException or PSArgumentException or System.NotSupportedException)
        {
            throw EngineErrors.InvalidPath(parameterName, path, ex.Message);
        }

        if (provider.Name != "FileSystem")
        {
            throw EngineErrors.InvalidPath(parameterName, path, "it is on the " + provider.Name + " provider; only FileSystem paths are accepted.");
        }

        return resolved.OrderBy(p => p, System.StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Resolves <paramref name="path"/> only when it names a PowerShell drive (<c>TestDrive:\x.log</c>);
    /// anything else is returned as given, for the engine's own rules (a relative log path lives
    /// under the log directory, not under $PWD).
    /// </summary>
    public static string ResolveIfDriveQualified(PSCmdlet cmdlet, string path)
    {
        var colon = path.IndexOf(':');
        if (colon < 2)
        {
            // No drive, or a one-letter Windows drive that the file system understands as is.
            return path;
        }

        var drive = path.Substring(0, colon);
        return cmdlet.SessionState.Drive.GetAll().Any(d => string.Equals(d.Name, drive, System.StringComparison.OrdinalIgnoreCase))
            ? Resolve(cmdlet, path, "LogPath")
            : path;
    }
}
