using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Scripts;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Runs scripts in parallel with timeouts, per-script logs and ordering, and writes one result per script.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "AgentScript", DefaultParameterSetName = ScriptSet)]
[OutputType(typeof(AgentScriptResult))]
public sealed class InvokeAgentScriptCommand : AgentCmdlet
{
    private const string ScriptSet = "Script";
    private const string PathSet = "Path";
    private const string InputObjectSet = "InputObject";

    private readonly List<ScriptDefinition> scripts = new();
    private ScriptDefinitionBinder? binder;

    /// <summary>The script text, run by /bin/sh -c.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptSet)]
    [AllowEmptyString]
    public string Script { get; set; } = string.Empty;

    /// <summary>A script file: executable files run directly (their #! line chooses the interpreter), others with /bin/sh.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Alias("FilePath")]
    public string Path { get; set; } = string.Empty;

    /// <summary>Scripts as hashtables or objects with Name, Script or Path, Timeout, LogPath, DependsOn, After, WorkingDirectory, Environment.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>The script's name (its log file and data directory are named after it). Default: 'script', or the file's name.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    public string? Name { get; set; }

    /// <summary>Interrupt (SIGHUP) the script when this passes, then kill it after the grace period: seconds, 90s, 5m or a TimeSpan.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>The log file; relative paths are under the session's log directory; ~ and $VARIABLES expand.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    public string? LogPath { get; set; }

    /// <summary>Where the script runs; relative to $PWD. Default: $PWD.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    public string? WorkingDirectory { get; set; }

    /// <summary>Variables to set for the script (a $null value removes one).</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    public IDictionary? Environment { get; set; }

    /// <summary>How many scripts run at once. Default: the session's DefaultThrottleLimit.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? ThrottleLimit { get; set; }

    /// <summary>Why the scripts run: Manual (default), Start or Stop. Cron is for scheduled runs only.</summary>
    [Parameter]
    [ValidateSet(nameof(AgentScriptStage.Manual), nameof(AgentScriptStage.Start), nameof(AgentScriptStage.Stop))]
    public AgentScriptStage Stage { get; set; } = AgentScriptStage.Manual;

    protected override void Begin() => binder = new ScriptDefinitionBinder(this);

    protected override void Process()
    {
        try
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    foreach (var item in InputObject)
                    {
                        scripts.Add(binder!.FromObject(item));
                    }

                    break;
                case PathSet:
                    scripts.Add(binder!.Create(Name ?? System.IO.Path.GetFileNameWithoutExtension(Path), null, Path, Timeout, LogPath, Array.Empty<string>(), Array.Empty<string>(), WorkingDirectory, Environment));
                    break;
                default:
                    scripts.Add(binder!.Create(Name ?? "script", Script, null, Timeout, LogPath, Array.Empty<string>(), Array.Empty<string>(), WorkingDirectory, Environment));
                    break;
            }
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            // Nothing has started: one bad script stops the whole call, before anything runs.
            ThrowEngineError(ex);
        }
    }

    protected override void End()
    {
        if (scripts.Count == 0)
        {
            return;
        }

        var runner = Session.Scripts;
        try
        {
            runner.Validate(scripts, CurrentDirectory);
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            ThrowEngineError(ex);
        }

        var run = runner.RunAsync(
            scripts,
            new ScriptRunRequest
            {
                Stage = Stage,
                LogTarget = Queue,
                ThrottleLimit = ThrottleLimit,
                // Scripts without a directory run where processes do: the session default, else $PWD.
                CallerDirectory = Session.Processes.DefaultWorkingDirectory ?? CurrentDirectory,
                InheritedEnvironment = System.Environment.GetEnvironmentVariables(),
                DefaultEnvironment = Session.Processes.DefaultEnvironment,
            },
            new ScriptObserverQueue(Queue, WantsInformation()),
            StopToken);

        // A failed script's error may stop the command (-ErrorAction Stop): the others still run
        // to their end first.
        AwaitLettingItFinish(run);

        try
        {
            run.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            ThrowEngineError(ex);
        }
    }

    // Lines are queued only for a caller who keeps Information records: -InformationAction Ignore
    // (or $InformationPreference = 'Ignore') without -InformationVariable means nobody reads them.
    private bool WantsInformation()
    {
        if (MyInvocation.BoundParameters.ContainsKey("InformationVariable"))
        {
            return true;
        }

        var preference = MyInvocation.BoundParameters.TryGetValue("InformationAction", out var bound)
            ? bound
            : SessionState.PSVariable.GetValue("InformationPreference");
        return !(LanguagePrimitives.TryConvertTo<ActionPreference>(preference, out var action) && action == ActionPreference.Ignore);
    }
}
