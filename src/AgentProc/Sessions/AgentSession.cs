using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Processes;
using AgentProc.Scheduling;
using AgentProc.Scripts;
using Microsoft.Extensions.Logging;

namespace AgentProc.Sessions;

/// <summary>
/// Everything one PowerShell runspace owns: its processes, script runner and schedules, and its
/// log. Plain engine code: the PowerShell side maps runspaces to sessions.
/// </summary>
internal sealed class AgentSession : IDisposable
{
    private readonly object gate = new();
    private readonly ILogger logger;
    private Task? closing;

    /// <summary>A session on the system clock: the one the module creates, without naming a dependency type.</summary>
    public AgentSession()
        : this(null)
    {
    }

    public AgentSession(TimeProvider? time)
    {
        Time = time ?? TimeProvider.System;
        Log = new SessionLog(Time);
        logger = Log.CreateLogger("Session");
        ProcessManager = new ProcessManager(new ProcessManagerOptions(), Log.CreateLogger("Processes"), Time);
        ScriptRunner = new ScriptRunner(new ScriptRunnerOptions(), Log.CreateLogger("Scripts"), Time);
        ProcessManager.BinDirectory = () => ScriptRunner.Options.BinDirectory;
        Scheduler = new ScriptScheduler(RunScheduledAsync, Time, Log.CreateLogger("Scheduler"),
            logFileOf: script => ScriptRunner.LogFileOf(script, ProcessManager.DefaultEnvironment));
        Scheduler.RunCompleted += OnScheduledRunCompleted;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public TimeProvider Time { get; }

    public SessionLog Log { get; }

    public ProcessManager ProcessManager { get; }

    public ScriptRunner ScriptRunner { get; }

    public ScriptScheduler Scheduler { get; }

    public bool IsClosed
    {
        get
        {
            lock (gate)
            {
                return closing != null;
            }
        }
    }

    /// <summary>
    /// Stops the scheduler, ends every script and process the session started (terminate or
    /// interrupt, grace, kill), and refuses new work. Idempotent.
    /// </summary>
    public Task CloseAsync()
    {
        lock (gate)
        {
            return closing ??= CloseCoreAsync();
        }
    }

    public void Dispose() => CloseAsync().GetAwaiter().GetResult();

    private async Task CloseCoreAsync()
    {
        logger.LogInformation("Closing session {Id}", Id);

        // The scheduler first, so that no new run starts while the runs in progress are ended; then
        // the on-close scripts, while the session's processes still run (a script may need them);
        // then everything is stopped.
        await Scheduler.CloseAsync().ConfigureAwait(false);
        await RunCloseScriptsAsync().ConfigureAwait(false);
        await Task.WhenAll(ScriptRunner.CloseAsync(), ProcessManager.CloseAsync()).ConfigureAwait(false);
        logger.LogInformation("Session {Id} closed", Id);

        // Everything queued for the session log file is written before the close completes (pwsh may exit next).
        Log.Dispose();
    }

    /// <summary>
    /// Runs the on-close scripts in dependency order and in parallel, as Invoke-AgentScript does, each
    /// with its timeout and all within the session's close timeout. Their results go to the schedule
    /// history and the session log; a failure, even of the runner itself, never stops the close.
    /// </summary>
    private async Task RunCloseScriptsAsync()
    {
        var scripts = Scheduler.TakeCloseScripts();
        if (scripts.Count == 0)
        {
            return;
        }

        logger.LogInformation("Running {Count} on-close script(s), within {Timeout}", scripts.Count, ScriptRunner.Options.CloseTimeout);

        // One script that can no longer run (its file was deleted) must not keep the others from running.
        var runnable = new System.Collections.Generic.List<CloseScript>();
        foreach (var script in scripts)
        {
            try
            {
                ScriptRunner.Validate(new[] { script.Script }, script.Script.WorkingDirectory);
                runnable.Add(script);
            }
            catch (Errors.AgentProcException ex)
            {
                Scheduler.Record(script, new AgentScriptResult(script.Name, AgentScriptStatus.ExitFailure, AgentScriptStage.Stop) { Reason = "could not be started: " + ex.Message });
            }
        }

        using var timeout = new CancellationTokenSource(ScriptRunner.Options.CloseTimeout);
        try
        {
            scripts = runnable;
            var results = await ScriptRunner.RunAsync(
                scripts.Select(s => s.Script).ToArray(),
                new ScriptRunRequest
                {
                    Stage = AgentScriptStage.Stop,
                    DefaultEnvironment = ProcessManager.DefaultEnvironment,
                },
                new SessionLogObserver(logger, withOutput: true),
                timeout.Token).ConfigureAwait(false);
            for (var i = 0; i < scripts.Count; i++)
            {
                Scheduler.Record(scripts[i], results[i]);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning("The on-close scripts could not run: {Reason}", ex.Message);
        }
    }

    private void OnScheduledRunCompleted(AgentScriptResult result)
    {
        // A skipped overlap never reaches the runner, so the session's counters hear of it here.
        if (result.Status == AgentScriptStatus.Skipped)
        {
            ScriptRunner.Counters.Count(AgentScriptStatus.Skipped);
        }

        logger.LogInformation(
            "{Kind} run of '{Name}' ended {Status}{ExitCode}{Reason}",
            result.Stage == AgentScriptStage.Stop ? "On-close" : "Scheduled",
            result.Name,
            result.Status,
            result.ExitCode is { } code ? " (exit code " + code + ")" : string.Empty,
            result.Reason is { } reason ? ": " + reason : string.Empty);
    }

    // A cron firing: one script through the same runner as Invoke-AgentScript, with the session's
    // default environment; its warnings go to the session log, since no command is listening.
    private async Task<AgentScriptResult> RunScheduledAsync(ScriptDefinition script, AgentScriptStage stage, CancellationToken cancellationToken)
    {
        try
        {
            var results = await ScriptRunner.RunAsync(
                new[] { script },
                new ScriptRunRequest
                {
                    Stage = stage,
                    CallerDirectory = script.WorkingDirectory,
                    DefaultEnvironment = ProcessManager.DefaultEnvironment,
                },
                new SessionLogObserver(logger),
                cancellationToken).ConfigureAwait(false);
            return results[0];
        }
        catch (Errors.AgentProcException ex) when (ex.ErrorId != "AgentSessionClosed")
        {
            // The script can no longer run as registered (its file was deleted, its directory
            // removed): a failed run, counted as one, with the reason in the history.
            ScriptRunner.Counters.Count(AgentScriptStatus.ExitFailure);
            logger.LogWarning("Scheduled run of '{Name}' could not start: {Reason}", script.Name, ex.Message);
            return new AgentScriptResult(script.Name, AgentScriptStatus.ExitFailure, stage) { Reason = "could not be started: " + ex.Message };
        }
    }

    private sealed class SessionLogObserver : IScriptObserver
    {
        private readonly ILogger logger;

        private readonly string kind;

        public SessionLogObserver(ILogger logger, bool withOutput = false)
        {
            this.logger = logger;
            WantsOutputLines = withOutput;
            kind = withOutput ? "On-close" : "Scheduled";
        }

        // Cron runs keep their output in their log files; on-close runs also write it to the session
        // log, since nobody is left to read their results when the session has closed.
        public bool WantsOutputLines { get; }

        public void OnWaiting(string name, System.Collections.Generic.IReadOnlyList<string> waitingFor) =>
            logger.LogDebug("{Kind} run of '{Name}' waits for {Scripts}", kind, name, string.Join(", ", waitingFor));

        public void OnStarted(string name) => logger.LogDebug("{Kind} run of '{Name}' started", kind, name);

        // As the agent logs them: stdout at information level, stderr at error level.
        public void OnOutputLine(string name, Output.OutputStream stream, string line)
        {
            if (stream == Output.OutputStream.Stderr)
            {
                logger.LogError("[{Name}] {Line}", name, line);
            }
            else
            {
                logger.LogInformation("[{Name}] {Line}", name, line);
            }
        }

        public void OnWarning(string name, string message) => logger.LogWarning("[{Name}] {Message}", name, message);

        public void OnCompleted(AgentScriptResult result)
        {
        }
    }
}
