namespace AgentProc.Scripts;

/// <summary>A validated script with its paths resolved: what one run of it needs besides the session settings.</summary>
internal sealed class ScriptPlan
{
    public ScriptPlan(ScriptDefinition definition, string command, string workingDirectory)
    {
        Definition = definition;
        Command = command;
        WorkingDirectory = workingDirectory;
    }

    public ScriptDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>The shell command line (see <see cref="ScriptCommand"/>).</summary>
    public string Command { get; }

    /// <summary>An absolute path to an existing directory.</summary>
    public string WorkingDirectory { get; }
}
