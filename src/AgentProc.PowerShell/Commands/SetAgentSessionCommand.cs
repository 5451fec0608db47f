using System;
using System.Collections;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Processes;
using AgentProc.Scripts;
using AgentProc.Sessions;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Changes the session's settings: buffer sizes, delays, directories, defaults and the session log file.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "AgentSession", SupportsShouldProcess = true)]
[OutputType(typeof(AgentSessionInfo))]
public sealed class SetAgentSessionCommand : AgentCmdlet
{
    /// <summary>Bytes kept from the start of each new process's output.</summary>
    [Parameter]
    public int? HeadBytes { get; set; }

    /// <summary>Bytes kept from the end of each new process's output.</summary>
    [Parameter]
    public int? TailBytes { get; set; }

    /// <summary>Longer output lines are cut with '... [truncated]'.</summary>
    [Parameter]
    public int? MaxLineLength { get; set; }

    /// <summary>How long exited processes stay listed.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Retention { get; set; }

    /// <summary>How long output is still read after an exit while a child holds the pipe.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? DrainDelay { get; set; }

    /// <summary>How long stopped processes get between terminate and kill (close, Remove -Force).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? CloseGracePeriod { get; set; }

    /// <summary>The working directory of starts that give none (once per session).</summary>
    [Parameter]
    public string? DefaultWorkingDirectory { get; set; }

    /// <summary>Environment entries every new process and script gets (once per session).</summary>
    [Parameter]
    public IDictionary? DefaultEnvironment { get; set; }

    /// <summary>Where script logs go.</summary>
    [Parameter]
    public string? LogDirectory { get; set; }

    /// <summary>The root of the scripts' private data directories and of the shared bin directory.</summary>
    [Parameter]
    public string? DataDirectory { get; set; }

    /// <summary>How long a timed-out or canceled script gets between SIGHUP and SIGKILL.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? ScriptGracePeriod { get; set; }

    /// <summary>How long after a script exits a pipe held by its child is waited for.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? PipeDelay { get; set; }

    /// <summary>How long the on-close scripts get, all together, when the session closes (1 minute by default).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? CloseTimeout { get; set; }

    /// <summary>How long an idempotency key is remembered after its process was forgotten (24 hours by default).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? IdempotencyRetention { get; set; }

    /// <summary>The size at which a script's log file is rotated to &lt;log&gt;.1 (64 MiB by default; 64 KiB to 1 TiB).</summary>
    [Parameter]
    public long? LogFileMaxBytes { get; set; }

    /// <summary>How many scripts Invoke-AgentScript runs at once by default (1 to 1024).</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? ThrottleLimit { get; set; }

    /// <summary>A file that receives every session log entry from now on; an empty string stops writing to a file.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? SessionLogPath { get; set; }

    /// <summary>Writes the session after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        try
        {
            var logDirectory = LogDirectory is null ? null : ProviderPaths.Resolve(this, LogDirectory, nameof(LogDirectory));
            var dataDirectory = DataDirectory is null ? null : ProviderPaths.Resolve(this, DataDirectory, nameof(DataDirectory));
            var workingDirectory = DefaultWorkingDirectory is null ? null : ProviderPaths.Resolve(this, DefaultWorkingDirectory, nameof(DefaultWorkingDirectory));
            var sessionLog = string.IsNullOrEmpty(SessionLogPath) ? SessionLogPath : ProviderPaths.Resolve(this, SessionLogPath!, nameof(SessionLogPath));

            // Every value is checked on throwaway copies first, so a bad one changes nothing.
            Apply(new ProcessManagerOptions(), new ScriptRunnerOptions(), logDirectory, dataDirectory);
            if (workingDirectory != null && Session.Processes.DefaultWorkingDirectory != null)
            {
                throw Errors.EngineErrors.DefaultsAlreadySet("working directory");
            }

            if (workingDirectory != null && !System.IO.Directory.Exists(workingDirectory))
            {
                throw Errors.EngineErrors.WorkingDirectoryNotFound(workingDirectory);
            }

            if (!string.IsNullOrEmpty(sessionLog))
            {
                SessionLog.EnsureWritable(sessionLog!);
            }
            if (!ShouldProcess($"AgentProc session {Session.Id}", "Change settings"))
            {
                return;
            }

            Apply(Session.Processes.Options, Session.Scripts.Options, logDirectory, dataDirectory);
            if (workingDirectory != null)
            {
                Session.Processes.SetDefaultWorkingDirectory(workingDirectory);
            }

            if (DefaultEnvironment != null)
            {
                Session.Processes.SetDefaultEnvironment(EnvironmentParameter.From(DefaultEnvironment)!);
            }

            if (sessionLog != null)
            {
                Session.Log.FilePath = sessionLog.Length == 0 ? null : sessionLog;
            }
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            ThrowEngineError(ex);
        }

        if (PassThru)
        {
            WriteObject(new AgentSessionInfo(Session));
        }
    }

    private void Apply(ProcessManagerOptions processes, ScriptRunnerOptions scripts, string? logDirectory, string? dataDirectory)
    {
        if (HeadBytes is { } head)
        {
            processes.HeadBytes = head;
            scripts.HeadBytes = head;
        }

        if (TailBytes is { } tail)
        {
            processes.TailBytes = tail;
            scripts.TailBytes = tail;
        }

        if (MaxLineLength is { } line)
        {
            processes.MaxLineLength = line;
            scripts.MaxLineLength = line;
        }

        if (IdempotencyRetention is { } idempotency)
        {
            processes.IdempotencyRetention = idempotency;
        }

        if (Retention is { } retention)
        {
            processes.Retention = retention;
        }

        if (DrainDelay is { } drain)
        {
            processes.DrainDelay = drain;
        }

        if (CloseGracePeriod is { } grace)
        {
            processes.CloseGracePeriod = grace;
        }

        if (ScriptGracePeriod is { } scriptGrace)
        {
            scripts.GracePeriod = scriptGrace;
        }

        if (PipeDelay is { } pipe)
        {
            scripts.PipeDelay = pipe;
        }

        if (CloseTimeout is { } closeTimeout)
        {
            scripts.CloseTimeout = closeTimeout;
        }

        if (LogFileMaxBytes is { } logMax)
        {
            scripts.LogFileMaxBytes = logMax;
        }

        if (ThrottleLimit is { } throttle)
        {
            scripts.DefaultThrottleLimit = throttle;
        }

        if (logDirectory != null)
        {
            scripts.LogDirectory = logDirectory;
        }

        if (dataDirectory != null)
        {
            scripts.DataDirectory = dataDirectory;
        }
    }
}
