using System.Management.Automation;
using AgentProc.Output;

namespace AgentProc.Hosting;

/// <summary>A script's output line as an Information record, for Invoke-AgentScript's stream and a script job's alike.</summary>
internal static class ScriptInformation
{
    public const string Tag = "AgentProc";

    /// <summary>The tag of a line that came from the script's standard output.</summary>
    public const string StdoutTag = "stdout";

    /// <summary>The tag of a line that came from the script's standard error.</summary>
    public const string StderrTag = "stderr";

    /// <summary>Tagged <c>AgentProc</c> and the script's name, so <c>-InformationVariable</c> readers can tell scripts apart.</summary>
    public static InformationRecord Record(string name, string text)
    {
        var record = new InformationRecord(text, "AgentScript:" + name);
        record.Tags.Add(Tag);
        record.Tags.Add(name);
        return record;
    }

    /// <summary>An output line, tagged also <c>stdout</c> or <c>stderr</c>, so readers can tell the streams apart.</summary>
    public static InformationRecord Record(string name, OutputStream stream, string line)
    {
        var record = Record(name, line);
        record.Tags.Add(stream == OutputStream.Stderr ? StderrTag : StdoutTag);
        return record;
    }

    /// <summary>A standard-error line written as a warning (<c>-StderrAsWarning</c>), named as the module's other script warnings are.</summary>
    public static string Warning(string name, string text) => "[" + name + "] " + text;
}
