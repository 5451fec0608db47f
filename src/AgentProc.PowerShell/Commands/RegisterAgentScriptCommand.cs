using System;
using System.Collections;
using System.Linq;
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
    private const string OnCloseScriptSet = "OnCloseScript";
    private const string OnClosePathSet = "OnClosePath";

    /// <summary>The schedule's name, unique in the session; its runs' logs are named after it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = string.Empty;

    /// <summary>When to run: six fields seconds first (sec min hour dom month dow), five without day-of-week, @daily, @every 5m, CRON_TZ=zone prefix.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = ScriptSet)]
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("Schedule")]
    public string Cron { get; set; } = string.Empty;

    /// <summary>Runs the script when the session closes, before its processes are stopped, instead of on a schedule.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnCloseScriptSet)]
    [Parameter(Mandatory = true, ParameterSetName = OnClosePathSet)]
    public SwitchParameter OnClose { get; set; }

    /// <summary>On-close scripts that must succeed before this one runs at close.</summary>
    [Parameter(ParameterSetName = OnCloseScriptSet)]
    [Parameter(ParameterSetName = OnClosePathSet)]
    public string[]? DependsOn { get; set; }

    /// <summary>On-close scripts this one runs after at close, whatever their outcome.</summary>
    [Parameter(ParameterSetName = OnCloseScriptSet)]
    [Parameter(ParameterSetName = OnClosePathSet)]
    public string[]? After { get; set; }

    /// <summary>The script text, run by /bin/sh -c.</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = ScriptSet)]
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = OnCloseScriptSet)]
    [AllowEmptyString]
    public string Script { get; set; } = string.Empty;

    /// <summary>A script file to run at each firing.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = OnClosePathSet)]
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
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
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
            var isScript = ParameterSetName is ScriptSet or OnCloseScriptSet;
            var zone = TimeZone is null ? null : CronTimeZones.Find(TimeZone, Cron);
            var binder = new ScriptDefinitionBinder(this);
            var definition = binder.Create(
                Name,
                isScript ? Script : null,
                isScript ? null : Path,
                Timeout,
                LogPath,
                DependsOn ?? Array.Empty<string>(),
                After ?? Array.Empty<string>(),
                WorkingDirectory ?? Session.Processes.DefaultWorkingDirectory ?? CurrentDirectory,
                Environment);
            if (OnClose)
            {
                // Checked with the on-close scripts already registered: a cycle among them is found now, not at close.
                Session.Scripts.Validate(Session.Schedules.CloseScriptDefinitions().Concat(new[] { definition }).ToArray(), CurrentDirectory);
                if (ShouldProcess($"script '{Name}' when the session closes", "Register"))
                {
                    WriteObject(Session.Schedules.RegisterOnClose(definition, Queue));
                }

                return;
            }

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

            WriteObject(Session.Schedules.Register(definition, Cron, zone, Queue));
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            WriteEngineError(ex);
        }
    }
}
