using System.Collections;
using System.Collections.Generic;
using System.IO;
using AgentProc.Processes;

namespace AgentProc.Scripts;

/// <summary>
/// A script's environment: inherited, then the session defaults, then the script's own entries (the
/// last writer wins; null removes), and finally what the runner names for it, as the agent this
/// module descends from does: <c>AGENTPROC_SCRIPT_DATA_DIR</c> (its private directory, 0700),
/// <c>AGENTPROC_SCRIPT_BIN_DIR</c> (shared by all scripts) and that bin directory put first on PATH,
/// so a tool one script installs there is found by name in the scripts after it.
/// </summary>
internal static class ScriptEnvironment
{
    public const string DataDirVariable = "AGENTPROC_SCRIPT_DATA_DIR";
    public const string BinDirVariable = "AGENTPROC_SCRIPT_BIN_DIR";

    /// <summary>The script's private data directory under <paramref name="dataRoot"/>.</summary>
    /// <summary>
    /// A script's own directory: under <c>scripts/</c>, so that no script name (not even <c>bin</c>)
    /// can land on the shared bin directory beside it.
    /// </summary>
    public static string DataDirectory(string dataRoot, string name) => Path.Combine(dataRoot, "scripts", ScriptNames.Sanitize(name));

    /// <summary>Puts <paramref name="binDirectory"/> first on PATH, as the agent does for every command it runs.</summary>
    public static void PrependToPath(IDictionary<string, string> environment, string binDirectory)
    {
        var key = "PATH";
        foreach (var name in environment.Keys)
        {
            // Windows spells it Path; the dictionary may be case-insensitive or not.
            if (string.Equals(name, "PATH", System.StringComparison.OrdinalIgnoreCase))
            {
                key = name;
                break;
            }
        }

        environment[key] = environment.TryGetValue(key, out var path) && path.Length > 0
            ? binDirectory + Path.PathSeparator + path
            : binDirectory;
    }

    /// <summary>Builds the environment; creates nothing.</summary>
    public static Dictionary<string, string> Build(
        IDictionary inherited,
        IReadOnlyDictionary<string, string?>? sessionDefaults,
        IReadOnlyDictionary<string, string?>? perScript,
        bool caseSensitive,
        string dataDirectory,
        string binDirectory)
    {
        var environment = EnvironmentBuilder.Build(inherited, sessionDefaults, perScript, caseSensitive);

        // Set after the user's layers: these describe where things are, they are not preferences.
        environment[DataDirVariable] = dataDirectory;
        environment[BinDirVariable] = binDirectory;
        PrependToPath(environment, binDirectory);
        return environment;
    }

    /// <summary>Creates the script's data directory and the shared bin directory, owner-only where new.</summary>
    public static void CreateDirectories(string dataDirectory, string binDirectory)
    {
        PrivateDirectory.Create(binDirectory);
        PrivateDirectory.Create(dataDirectory);
    }
}
