using System;
using System.Collections;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Platform;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Starts a shell command, or a program without a shell, as a supervised child process of the session.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "AgentProcess", SupportsShouldProcess = true, DefaultParameterSetName = CommandSet)]
[OutputType(typeof(AgentProcess), typeof(AgentProcessReceipt), typeof(AgentProcessJob))]
public sealed class StartAgentProcessCommand : AgentCmdlet
{
    private const string CommandSet = "Command";
    private const string FilePathSet = "FilePath";

    /// <summary>The command line, run by /bin/sh -c (cmd.exe /c on Windows) with stdin closed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CommandSet, HelpMessage = "The command line to run through the platform shell, such as 'make build'.")]
    [AllowEmptyString]
    [Alias("CommandLine")]
    public string Command { get; set; } = string.Empty;

    /// <summary>A program to run without a shell: a path (relative to $PWD), or a name found on PATH.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FilePathSet, HelpMessage = "The program to run without a shell: a path, or a name found on PATH.")]
    [AllowEmptyString]
    public string FilePath { get; set; } = string.Empty;

    /// <summary>The program's arguments, each passed to it as it is: nothing is expanded, split or needs quoting.</summary>
    [Parameter(ParameterSetName = FilePathSet)]
    [Alias("Args")]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string[] ArgumentList { get; set; } = Array.Empty<string>();

    /// <summary>Where the command runs; relative to $PWD; ~ and PowerShell drives work. Default: $PWD.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? WorkingDirectory { get; set; }

    /// <summary>Variables to set for the child (a $null value removes one); they override the session's.</summary>
    [Parameter]
    public IDictionary? Environment { get; set; }

    /// <summary>A name to find the process by; default: the command's first word.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Name { get; set; }

    /// <summary>Marks the process as a background one (a flag for callers that poll).</summary>
    [Parameter]
    public SwitchParameter Background { get; set; }

    /// <summary>The process group is killed when this passes: seconds, 90s, 5m, or a TimeSpan.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>Starting again with this key and the same inputs returns the existing process.</summary>
    /// <summary>The first signal when -Timeout passes (Terminate by default), then the grace period, then Kill.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.SignalNameCompleter))]
    public string? TimeoutSignal { get; set; }

    [Parameter]
    public string? IdempotencyKey { get; set; }

    /// <summary>The shell that runs the command: Default, Sh, Bash, Cmd, Pwsh or PowerShell (Windows PowerShell 5.1).</summary>
    [Parameter(ParameterSetName = CommandSet)]
    public ShellKind Shell { get; set; }

    /// <summary>Waits for the process to exit before returning it. Ctrl+C stops the waiting, not the process.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Returns the process as a job (an AgentProcessJob) for Get-Job, Receive-Job, Wait-Job, Stop-Job and Remove-Job.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    // A path goes through PowerShell's resolution ($PWD, ~, drives); a bare name is for the engine to find on PATH.
    private string ProgramFile() =>
        FilePath.IndexOfAny(new[] { '/', '\\' }) >= 0 || FilePath.StartsWith("~", StringComparison.Ordinal)
            ? ProviderPaths.Resolve(this, FilePath, nameof(FilePath))
            : FilePath;

    protected override void Begin()
    {
        if (AsJob && Wait)
        {
            ThrowEngineError(new ArgumentException("-AsJob and -Wait cannot be used together: a job runs in the background; wait for it with Wait-Job or Receive-Job -Wait.", nameof(AsJob)));
        }
    }

    protected override void Process()
    {
        AgentProcess process;
        try
        {
            // A blank one goes to the engine as it is, which refuses it by name.
            var workingDirectory = string.IsNullOrWhiteSpace(WorkingDirectory) ? WorkingDirectory : ProviderPaths.Resolve(this, WorkingDirectory!, nameof(WorkingDirectory));
            var program = ParameterSetName == FilePathSet;
            if (!ShouldProcess(program ? ProgramCommandLine.Display(FilePath, ArgumentList) : Command, "Start"))
            {
                return;
            }

            var outcome = Session.ProcessManager.StartOrRecall(new ProcessStartRequest(program ? ProgramFile() : Command)
            {
                ArgumentList = program ? ArgumentList : null,
                WorkingDirectory = workingDirectory,
                CallerDirectory = CurrentDirectory,
                Environment = EnvironmentParameter.From(Environment),
                InheritedEnvironment = System.Environment.GetEnvironmentVariables(),
                Name = Name,
                Background = Background,
                Timeout = Timeout,
                LogTarget = Queue,
                TimeoutSignal = TimeoutSignal is null ? ProcessSignal.Terminate : SignalNames.Parse(TimeoutSignal),
                IdempotencyKey = IdempotencyKey,
                Shell = Shell,
            });
            if (outcome.Receipt is { } receipt)
            {
                // The work already ran under this key and its process was forgotten: say so, and
                // hand back what is remembered instead of running it twice.
                WriteVerbose($"The idempotency key '{receipt.IdempotencyKey}' already ran as agent process {receipt.Id} (exit code {receipt.ExitCode}), forgotten at {receipt.ForgottenAt:u}; its receipt is returned instead of starting again.");
                WriteObject(receipt);
                return;
            }

            process = outcome.Process!;
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            WriteEngineError(ex);
            return;
        }

        if (Wait)
        {
            var progress = new WaitProgress(this, $"Waiting for agent process {process.Id} ({process.Name})");
            var exited = Await(process.WakeOnExit(StopToken), () => progress.Tick(() => "Running"));
            progress.Complete();
            if (!exited)
            {
                // Ctrl+C: the waiting stops; the process goes on, and stays in Get-AgentProcess.
                return;
            }
        }

        WriteObject(AsJob ? AgentJobs.ForProcess(this, process, Session.ProcessManager) : process);
    }
}
