using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Scripts;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Runs scripts in parallel with timeouts, per-script logs and ordering, and writes one result per script.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "AgentScript", DefaultParameterSetName = ScriptSet)]
[OutputType(typeof(AgentScriptResult), typeof(AgentScriptJob))]
public sealed class InvokeAgentScriptCommand : AgentCmdlet
{
    private const string ScriptSet = "Script";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";

    private readonly List<ScriptDefinition> scripts = new();
    private ScriptDefinitionBinder? binder;

    /// <summary>The script text, run by /bin/sh -c.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptSet, HelpMessage = "The script text, run by /bin/sh -c (cmd.exe /c on Windows).")]
    [AllowEmptyString]
    public string Script { get; set; } = string.Empty;

    /// <summary>Script files; wildcards match several (each runs as a script named after its file). Executable files run directly (their #! line chooses the interpreter), others with /bin/sh.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, HelpMessage = "The path of the script file to run (wildcards allowed).")]
    [Alias("FilePath")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Script files, each path taken as written (no wildcards); files piped from Get-ChildItem bind here.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet, HelpMessage = "The path of the script file to run, as written.")]
    [Alias("PSPath", "LP", "FullName")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Scripts as paths, files, or hashtables or objects with Name, Script or Path, Timeout, LogPath, DependsOn, After, WorkingDirectory, Environment, ArgumentList.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet, HelpMessage = "Scripts: paths, files, or hashtables or objects with Name and Script (or Path).")]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>Arguments for each script ($1, $2, ...), each passed as it is: nothing needs quoting.</summary>
    [Parameter]
    [Alias("Args")]
    public string[] ArgumentList { get; set; } = Array.Empty<string>();

    /// <summary>The script's name (its log file and data directory are named after it). Default: 'script', or the file's name.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public string? Name { get; set; }

    /// <summary>Interrupt (SIGHUP) the script when this passes, then kill it after the grace period: seconds, 90s, 5m or a TimeSpan.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>The log file; relative paths are under the session's log directory; ~ and $VARIABLES expand.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public string? LogPath { get; set; }

    /// <summary>Where the script runs; relative to $PWD. Default: $PWD.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public string? WorkingDirectory { get; set; }

    /// <summary>Variables to set for the script (a $null value removes one).</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public IDictionary? Environment { get; set; }

    /// <summary>How many scripts run at once. Default: the session's DefaultThrottleLimit.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? ThrottleLimit { get; set; }

    /// <summary>Why the scripts run: Manual (default), Start or Stop. Cron is for scheduled runs only.</summary>
    [Parameter]
    [ValidateSet(nameof(AgentScriptStage.Manual), nameof(AgentScriptStage.Start), nameof(AgentScriptStage.Stop))]
    public AgentScriptStage Stage { get; set; } = AgentScriptStage.Manual;

    /// <summary>Runs the scripts as a job (an AgentScriptJob): Receive-Job returns the results, errors and output lines as they come.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    /// <summary>
    /// Writes the scripts' standard-error lines to the Warning stream (as <c>[name] line</c>) instead of
    /// the Information stream. Without it, every line is an Information record tagged <c>stdout</c> or
    /// <c>stderr</c>. The log file and the result's Output keep both streams, in arrival order, either way.
    /// </summary>
    [Parameter]
    public SwitchParameter StderrAsWarning { get; set; }

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
                        scripts.AddRange(binder!.FromObject(item, ArgumentList));
                    }

                    break;
                case PathSet:
                case LiteralPathSet:
                    var literal = ParameterSetName == LiteralPathSet;
                    var paths = literal ? LiteralPath : Path;
                    if (Name != null && paths.Length > 1)
                    {
                        ThrowEngineError(Errors.EngineErrors.ScriptNameForManyFiles(Name, string.Join(", ", paths), paths.Length));
                    }

                    foreach (var path in paths)
                    {
                        scripts.AddRange(binder!.FromPath(path, literal, Name, Timeout, LogPath, WorkingDirectory, Environment, ArgumentList));
                    }

                    break;
                default:
                    scripts.Add(binder!.Create(Name ?? "script", Script, null, Timeout, LogPath, Array.Empty<string>(), Array.Empty<string>(), WorkingDirectory, Environment, ArgumentList));
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

        var runner = Session.ScriptRunner;
        try
        {
            runner.Validate(scripts, CurrentDirectory);
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            ThrowEngineError(ex);
        }

        var request = new ScriptRunRequest
        {
            Stage = Stage,
            LogTarget = Queue,
            ThrottleLimit = ThrottleLimit,
            // Scripts without a directory run where processes do: the session default, else $PWD.
            CallerDirectory = Session.ProcessManager.DefaultWorkingDirectory ?? CurrentDirectory,
            InheritedEnvironment = System.Environment.GetEnvironmentVariables(),
            DefaultEnvironment = Session.ProcessManager.DefaultEnvironment,
        };
        if (AsJob)
        {
            var batch = scripts.ToArray();
            WriteObject(AgentJobs.ForScripts(this, () => new AgentScriptJob(runner, batch, request, JobCommand(batch), batch.Length == 1 ? batch[0].Name : null, StderrAsWarning)));
            return;
        }

        var run = runner.RunAsync(scripts, request, new ScriptObserverQueue(Queue, new ScriptLineRouting(Keeps("Information"), StderrAsWarning, Keeps("Warning"))), StopToken);

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

    // What Get-Job shows as the job's command: the script's text or file, or the names of the scripts.
    private static string JobCommand(IReadOnlyList<ScriptDefinition> batch) =>
        batch.Count == 1 ? batch[0].Script ?? batch[0].Path ?? batch[0].Name : string.Join(", ", batch.Select(s => s.Name));

    // Lines are queued only for a caller who keeps the records of their stream: -InformationAction
    // Ignore (or $InformationPreference = 'Ignore') without -InformationVariable means nobody reads
    // them; the same for warnings.
    private bool Keeps(string stream)
    {
        if (MyInvocation.BoundParameters.ContainsKey(stream + "Variable"))
        {
            return true;
        }

        var preference = MyInvocation.BoundParameters.TryGetValue(stream + "Action", out var bound)
            ? bound
            : SessionState.PSVariable.GetValue(stream + "Preference");
        return !(LanguagePrimitives.TryConvertTo<ActionPreference>(preference, out var action) && action == ActionPreference.Ignore);
    }
}
