using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Processes;
using Microsoft.Extensions.Logging;

namespace AgentProc.Scripts;

/// <summary>
/// One execution of one script: prepares its directories, environment and log, starts it in its own
/// process group, enforces the timeout or a cancellation (SIGHUP, then SIGKILL after the grace period),
/// and words the result. <see cref="ExecuteAsync"/> never throws: every failure becomes a result.
/// </summary>
internal sealed class ScriptExecution
{
    private const int Running = 0;
    private const int TimingOut = 1;
    private const int Canceling = 2;
    private const int Finished = 3;

    // How often the end of the whole group is checked during the grace period.

    private readonly ScriptPlan plan;
    private readonly ScriptRunContext context;
    private readonly TaskCompletionSource<bool> escalated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChildProcess? child;
    private int state;
    private bool killed;

    public ScriptExecution(ScriptPlan plan, ScriptRunContext context)
    {
        this.plan = plan;
        this.context = context;
    }

    /// <summary>
    /// After the run: the script's process when something of its group still lives (a daemon it
    /// started in the background), for the runner to end when the session closes. Null otherwise.
    /// </summary>
    public ChildProcess? Lingering { get; private set; }

    public async Task<AgentScriptResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        var name = plan.Name;
        var logger = context.Logger;
        string? logPath = null;
        ScriptLogFile? log = null;
        Dictionary<string, string> environment;
        try
        {
            var dataDirectory = ScriptEnvironment.DataDirectory(context.DataDirectory, name);
            environment = ScriptEnvironment.Build(
                context.InheritedEnvironment,
                context.DefaultEnvironment,
                plan.Definition.Environment,
                context.Platform.EnvironmentIsCaseSensitive,
                dataDirectory,
                context.BinDirectory);
            logPath = ScriptPaths.LogFile(name, plan.Definition.LogPath, context.LogDirectory, environment);
            ScriptEnvironment.CreateDirectories(dataDirectory, context.BinDirectory);
            log = ScriptLogFile.Open(logPath, context.LogFileMaxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            log?.Dispose();
            return StartFailed(logPath, ex);
        }

        var startedAt = context.Time.GetUtcNow();
        log.WriteLine(string.Format(CultureInfo.InvariantCulture, "=== {0:yyyy-MM-ddTHH:mm:ss.fffZ} agentproc: script '{1}' ({2}) starting ===", startedAt.UtcDateTime, name, context.Stage));

        var buffer = new HeadTailBuffer(context.HeadBytes, context.TailBytes, context.MaxLineLength);
        var sink = new ScriptOutputSink(buffer, log, context.MaxLineLength, context.Observer.WantsOutputLines ? (stream, line) => context.Observer.OnOutputLine(name, stream, line) : null);
        var info = new ChildStartInfo(plan.Command, plan.WorkingDirectory, environment)
        {
            Shell = ScriptCommand.Shell,
            DrainDelay = context.PipeDelay,

            // As the agent does: each line says whether it came from stdout or stderr.
            SeparateStandardError = true,
        };

        try
        {
            child = ChildProcess.Start(info, context.Platform, sink.Sinks, context.Time, logger);
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or InvalidOperationException or Errors.AgentProcException)
        {
            var failed = StartFailed(logPath, ex);
            log.WriteLine("=== agentproc: " + failed.Reason + " ===");
            log.Dispose();
            return failed;
        }

        logger.LogInformation("Started script {Name} ({Stage}), pid {Pid}, log {LogPath}", name, context.Stage, child.Pid, logPath);
        sink.Open(() => context.Observer.OnStarted(name));

        ChildExit exit;
        using (WatchTimeout())
        using (cancellationToken.Register(() => Interrupt(Canceling)))
        {
            exit = await child.Completion.ConfigureAwait(false);
        }

        var interruption = Interlocked.CompareExchange(ref state, Finished, Running);
        if (interruption != Running)
        {
            await escalated.Task.ConfigureAwait(false);
        }

        sink.Complete();
        var result = Describe(exit, interruption, logPath, buffer);
        if (exit.PipesLeftOpen)
        {
            var warning = ScriptMessages.PipesLeftOpenWarning(name, context.PipeDelay);
            log.WriteLine("=== agentproc: WARNING: " + warning + " ===");
            logger.LogWarning(Sessions.LogEvents.ShownToCaller, "{Warning}", warning);
            context.Observer.OnWarning(name, warning);
        }

        log.WriteLine(string.Format(CultureInfo.InvariantCulture, "=== {0:yyyy-MM-ddTHH:mm:ss.fffZ} agentproc: script '{1}' ended: {2}{3} ===", context.Time.GetUtcNow().UtcDateTime, name, result.Status, result.Reason is null ? string.Empty : " (" + result.Reason + ")"));
        if (log.WriteError is { } writeError)
        {
            var warning = ScriptMessages.LogWriteFailed(name, logPath, writeError.Message);
            logger.LogWarning(Sessions.LogEvents.ShownToCaller, "{Warning}", warning);
            context.Observer.OnWarning(name, warning);
        }

        log.Dispose();

        // A daemon the script left running (output redirected, so the run could end) stays until the session closes.
        if (child.GroupIsAlive)
        {
            Lingering = child;
        }
        else
        {
            child.Dispose();
        }

        return result;
    }

    private AgentScriptResult Describe(ChildExit exit, int interruption, string logPath, HeadTailBuffer buffer)
    {
        AgentScriptStatus status;
        string? reason;
        if (interruption == Canceling)
        {
            status = AgentScriptStatus.Canceled;
            reason = ScriptMessages.Canceled(context.GracePeriod, killed);
        }
        else if (interruption == TimingOut)
        {
            status = AgentScriptStatus.TimedOut;
            reason = ScriptMessages.TimedOut(plan.Definition.Timeout!.Value, context.GracePeriod, killed);
        }
        else if (exit.ExitCode != 0)
        {
            status = AgentScriptStatus.ExitFailure;
            reason = ScriptMessages.Exited(exit.ExitCode);
        }
        else if (exit.PipesLeftOpen)
        {
            status = AgentScriptStatus.PipesLeftOpen;
            reason = ScriptMessages.PipesLeftOpenReason(context.PipeDelay);
        }
        else
        {
            status = AgentScriptStatus.Ok;
            reason = null;
        }

        return new AgentScriptResult(plan.Name, status, context.Stage)
        {
            ExitCode = exit.ExitCode,
            StartedAt = child!.StartedAt,
            EndedAt = exit.ExitedAt,
            LogPath = logPath,
            Reason = reason,
            Output = buffer.Snapshot().Text,
        };
    }

    private AgentScriptResult StartFailed(string? logPath, Exception ex)
    {
        var now = context.Time.GetUtcNow();
        var reason = ScriptMessages.StartFailed(ex.Message);
        context.Logger.LogWarning(ex, "Script {Name} {Reason}", plan.Name, reason);
        return new AgentScriptResult(plan.Name, AgentScriptStatus.ExitFailure, context.Stage)
        {
            StartedAt = now,
            EndedAt = now,
            LogPath = logPath,
            Reason = reason,
            Output = string.Empty,
        };
    }

    private IDisposable? WatchTimeout()
    {
        if (plan.Definition.Timeout is not { } timeout)
        {
            return null;
        }

        return context.Time.CreateTimer(
            _ =>
            {
                // A script that already exited did not time out, even if a held pipe is still being drained.
                if (!child!.Exited.IsCompleted)
                {
                    context.Logger.LogWarning("Script {Name} passed its timeout of {Timeout}; sending SIGHUP to its process group", plan.Name, timeout);
                    Interrupt(TimingOut);
                }
            },
            null,
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    // The first interruption wins; one that comes after the run finished does nothing, so a late
    // timer or Ctrl+C never signals the group of a finished run (which may hold a daemon).
    private void Interrupt(int why)
    {
        if (Interlocked.CompareExchange(ref state, why, Running) != Running)
        {
            return;
        }

        // Off the caller's thread: the cancelling thread may be the pipeline's, or a closing session's.
        _ = Task.Run(EscalateAsync);
    }

    private async Task EscalateAsync()
    {
        var target = child!;
        try
        {
            // SIGHUP, not SIGINT: shells that ignore SIGINT between commands honour it (coder/coder 9584).
            var killedGroups = await StopPolicy.StopAsync(new[] { target }, ProcessSignal.Hangup, context.GracePeriod, context.Time, context.Logger, describe: _ => "Script " + plan.Name).ConfigureAwait(false);
            killed = killedGroups.Count > 0;
        }
        catch (Exception ex)
        {
            // Never leave the run waiting: report, and try the hard stop.
            context.Logger.LogError(ex, "Stopping script {Name} failed", plan.Name);
            killed = true;
            target.Signal(ProcessSignal.Kill);
        }
        finally
        {
            escalated.TrySetResult(true);
        }
    }

}
