using System;
using System.Collections;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Scheduling;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Schedules a script in the session with a cron expression.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "AgentScript", SupportsShouldProcess = true, DefaultParameterSetName = ScriptSet)]
[OutputType(typeof(AgentScriptSchedule))]
public sealed class RegisterAgentScriptCommand : AgentCmdlet
{
    private const string ScriptSet = "Script";
    private const string PathSet = "Path";

    /// <summary>The schedule's name, unique in the session; its runs' logs are named after it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = string.Empty;

    /// <summary>When to run: six fields seconds first (sec min hour dom month dow), five without day-of-week, @daily, @every 5m, CRON_TZ=zone prefix.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Schedule")]
    public string Cron { get; set; } = string.Empty;

    /// <summary>The script text, run by /bin/sh -c.</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = ScriptSet)]
    [AllowEmptyString]
    public string Script { get; set; } = string.Empty;

    /// <summary>A script file to run at each firing.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FilePath")]
    public string Path { get; set; } = string.Empty;

    /// <summary>Each run is interrupted (SIGHUP), then killed after the grace period, when this passes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>The runs' log file; relative paths are under the session's log directory.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? LogPath { get; set; }

    /// <summary>The time zone the expression is read in (an IANA or Windows id). Default: local, or the expression's CRON_TZ= prefix.</summary>
    [Parameter]
    public string? TimeZone { get; set; }

    /// <summary>Where the runs happen. Default: the session's default working directory, else $PWD at registration.</summary>
    [Parameter]
    public string? WorkingDirectory { get; set; }

    /// <summary>Variables to set for each run (a $null value removes one).</summary>
    [Parameter]
    public IDictionary? Environment { get; set; }

    protected override void Process()
    {
        try
        {
            var zone = TimeZone is null ? null : CronTimeZones.Find(TimeZone, Cron);
            var binder = new ScriptDefinitionBinder(this);
            var definition = binder.Create(
                Name,
                ParameterSetName == ScriptSet ? Script : null,
                ParameterSetName == PathSet ? Path : null,
                Timeout,
                LogPath,
                Array.Empty<string>(),
                Array.Empty<string>(),
                WorkingDirectory ?? Session.Processes.DefaultWorkingDirectory ?? CurrentDirectory,
                Environment);
            Session.Scripts.Validate(new[] { definition }, CurrentDirectory);
            CronSchedule.Parse(Cron, zone);
            if (!ShouldProcess($"script '{Name}' on '{Cron}'", "Register"))
            {
                return;
            }

            if (CronHints.FiveFieldWarning(Cron) is { } hint)
            {
                WriteWarning(hint);
            }

            WriteObject(Session.Schedules.Register(definition, Cron, zone));
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            WriteEngineError(ex);
        }
    }
}
