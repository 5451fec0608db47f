using System;
using System.Globalization;
using AgentProc.Processes;

namespace AgentProc.Scripts;

/// <summary>The wording of results' reasons and of warnings, in one place.</summary>
internal static class ScriptMessages
{
    public const string CanceledBeforeStart = "canceled before it started";

    public static string TimedOut(TimeSpan timeout, TimeSpan grace, bool killed) =>
        "timed out after " + timeout.ToString("c", CultureInfo.InvariantCulture) + Interrupted(grace, killed);

    public static string Canceled(TimeSpan grace, bool killed) => "canceled while running" + Interrupted(grace, killed);

    public static string Exited(int exitCode)
    {
        if (exitCode == ExitCodes.Unknown)
        {
            return "exited, but its exit code could not be read";
        }

        var signal = ExitCodes.SignalName(exitCode);
        return "exited with code " + exitCode.ToString(CultureInfo.InvariantCulture) + (signal is null ? string.Empty : " (" + signal + ")");
    }

    public static string PipesLeftOpenReason(TimeSpan pipeDelay) =>
        "exited with code 0, but a background process it started still held its output open " + Seconds(pipeDelay) + " after the exit";

    public static string PipesLeftOpenWarning(string name, TimeSpan pipeDelay) =>
        "Script '" + name + "' exited, but a background process it started still holds its stdout/stderr open, so its output "
        + "could not be followed to the end (stopped reading " + Seconds(pipeDelay) + " after the exit). Redirect that process's "
        + "output, for example 'cmd > /dev/null 2>&1 &', or run it as its own script or agent process.";

    public static string Skipped(string dependency, AgentScriptStatus status) =>
        "skipped: it depends on '" + dependency + "', which ended " + status + " instead of Ok";

    public static string UnknownDependency(string name, string dependency) =>
        "Script '" + name + "' depends on '" + dependency + "', which is not in this run; the dependency is ignored.";

    public static string StartFailed(string message) => "could not be started: " + message;

    public static string LogWriteFailed(string name, string path, string message) =>
        "Script '" + name + "': writing its log file '" + path + "' failed (" + message + "); the rest of its output is not in the log.";

    /// <summary>"10 s", "0.5 s": the way grace periods and delays read in reasons.</summary>
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Interrupted(TimeSpan grace, bool killed) =>
        "; interrupted with SIGHUP" + (killed ? "; killed after the " + Seconds(grace) + " grace period" : string.Empty);
}
