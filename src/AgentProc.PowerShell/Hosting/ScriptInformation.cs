using System.Management.Automation;

namespace AgentProc.Hosting;

/// <summary>A script's output line as an Information record, for Invoke-AgentScript's stream and a script job's alike.</summary>
internal static class ScriptInformation
{
    public const string Tag = "AgentProc";

    /// <summary>Tagged <c>AgentProc</c> and the script's name, so <c>-InformationVariable</c> readers can tell scripts apart.</summary>
    public static InformationRecord Record(string name, string text)
    {
        var record = new InformationRecord(text, "AgentScript:" + name);
        record.Tags.Add(Tag);
        record.Tags.Add(name);
        return record;
    }
}
