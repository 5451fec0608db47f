using System;
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

    public AgentSession(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Log = new SessionLog(Time);
        logger = Log.CreateLogger("Session");
        Processes = new ProcessManager(new ProcessManagerOptions(), Log.CreateLogger("Processes"), Time);
        Scripts = new ScriptRunner(new ScriptRunnerOptions(), Log.CreateLogger("Scripts"), Time);
        Processes.BinDirectory = () => Scripts.Options.BinDirectory;
        Schedules = new ScriptScheduler(RunScheduledAsync, Time, Log.CreateLogger("Scheduler"),
            logFileOf: script => Scripts.LogFileOf(script, Processes.DefaultEnvironment));
        Schedules.RunCompleted += OnScheduledRunCompleted;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public TimeProvider Time { get; }

    public SessionLog Log { get; }

    public ProcessManager Processes { get; }

    public ScriptRunner Scripts { get; }

    public ScriptScheduler Schedules { get; }

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

        // The scheduler first, so that no new run starts while the runs in progress are ended.
        await Schedules.CloseAsync().ConfigureAwait(false);
        await Task.WhenAll(Scripts.CloseAsync(), Processes.CloseAsync()).ConfigureAwait(false);
    }

    private void OnScheduledRunCompleted(AgentScriptResult result)
    {
        // A skipped overlap never reaches the runner, so the session's counters hear of it here.
        if (result.Status == AgentScriptStatus.Skipped)
        {
            Scripts.Counters.Count(AgentScriptStatus.Skipped);
        }

        logger.LogInformation(
            "Scheduled run of '{Name}' ended {Status}{ExitCode}{Reason}",
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
            var results = await Scripts.RunAsync(
                new[] { script },
                new ScriptRunRequest
                {
                    Stage = stage,
                    CallerDirectory = script.WorkingDirectory,
                    DefaultEnvironment = Processes.DefaultEnvironment,
                },
                new SessionLogObserver(logger),
                cancellationToken).ConfigureAwait(false);
            return results[0];
        }
        catch (Errors.AgentProcException ex) when (ex.ErrorId != "AgentSessionClosed")
        {
            // The script can no longer run as registered (its file was deleted, its directory
            // removed): a failed run, counted as one, with the reason in the history.
            Scripts.Counters.Count(AgentScriptStatus.ExitFailure);
            logger.LogWarning("Scheduled run of '{Name}' could not start: {Reason}", script.Name, ex.Message);
            return new AgentScriptResult(script.Name, AgentScriptStatus.ExitFailure, stage) { Reason = "could not be started: " + ex.Message };
        }
    }

    private sealed class SessionLogObserver : IScriptObserver
    {
        private readonly ILogger logger;

        public SessionLogObserver(ILogger logger)
        {
            this.logger = logger;
        }

        public bool WantsOutputLines => false;

        public void OnWaiting(string name, System.Collections.Generic.IReadOnlyList<string> waitingFor) =>
            logger.LogDebug("Scheduled run of '{Name}' waits for {Scripts}", name, string.Join(", ", waitingFor));

        public void OnStarted(string name) => logger.LogDebug("Scheduled run of '{Name}' started", name);

        public void OnOutputLine(string name, string line)
        {
            // The output is in the script's log file and in the result; the session log keeps events only.
        }

        public void OnWarning(string name, string message) => logger.LogWarning("[{Name}] {Message}", name, message);

        public void OnCompleted(AgentScriptResult result)
        {
        }
    }
}
