using System;
using System.ComponentModel;
using System.Management.Automation;
using System.Threading.Tasks;

namespace AgentProc.Hosting;

/// <summary>
/// What AgentProc's two jobs share: their type name, streams that never block, stopping in the
/// background for Stop-Job, and the operations they refuse (a process group cannot be suspended from a
/// job, and nothing of theirs ever asks the host for input).
/// </summary>
public abstract class AgentJob : Job2
{
    private readonly object gate = new();
    private Task? work;

    private protected AgentJob(string command, string? name, string jobTypeName)
        : base(command, name)
    {
        Initialize(jobTypeName);
    }

    private protected AgentJob(string command, string name, Guid instanceId, string jobTypeName)
        : base(command, name, instanceId)
    {
        Initialize(jobTypeName);
    }

    public override bool HasMoreData =>
        Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0
        || Debug.Count > 0 || Progress.Count > 0 || Information.Count > 0;

    /// <summary>Completed, Failed or Stopped (Job.IsFinishedState is internal to PowerShell).</summary>
    internal bool IsFinished => JobStateInfo.State is JobState.Completed or JobState.Failed or JobState.Stopped;

    /// <summary>Starts the job's background work, once; it runs until the job reaches its final state.</summary>
    public sealed override void StartJob()
    {
        lock (gate)
        {
            if (JobStateInfo.State != JobState.NotStarted)
            {
                throw new InvalidOperationException("The job has already started: an AgentProc job runs once.");
            }

            SetJobState(JobState.Running);
            work = Begin();
        }
    }

    /// <summary>Asks the work to stop (see <see cref="RequestStop"/>) and waits until the job has reached its final state.</summary>
    public sealed override void StopJob()
    {
        RequestStop();
        Task? running;
        lock (gate)
        {
            running = work;
            if (running is null && JobStateInfo.State == JobState.NotStarted)
            {
                SetJobState(JobState.Stopped);
            }
        }

        running?.GetAwaiter().GetResult();
    }

    public override void StartJobAsync()
    {
        StartJob();
        OnStartJobCompleted(new AsyncCompletedEventArgs(null, false, null));
    }

    public override void StopJob(bool force, string reason) => StopJob();

    /// <summary>Stop-Job calls this and waits for StopJobCompleted, which must come whatever happens.</summary>
    public override void StopJobAsync() =>
        Task.Run(() =>
        {
            Exception? error = null;
            try
            {
                StopJob();
            }
            catch (Exception ex)
            {
                error = ex;
            }

            OnStopJobCompleted(new AsyncCompletedEventArgs(error, false, null));
        });

    public override void StopJobAsync(bool force, string reason) => StopJobAsync();

    public override void SuspendJob() => throw CannotSuspend();

    public override void SuspendJob(bool force, string reason) => throw CannotSuspend();

    public override void SuspendJobAsync() => throw CannotSuspend();

    public override void SuspendJobAsync(bool force, string reason) => throw CannotSuspend();

    public override void ResumeJob() => throw CannotSuspend();

    public override void ResumeJobAsync() => throw CannotSuspend();

    public override void UnblockJob() => throw NeverBlocked();

    public override void UnblockJobAsync() => throw NeverBlocked();

    /// <summary>The background work, started under the job's lock; it sets the final state when it ends.</summary>
    private protected abstract Task Begin();

    /// <summary>Makes the work end soon (it may wait for that, as a process group's grace period); then <see cref="StopJob()"/> waits for the work.</summary>
    private protected abstract void RequestStop();

    /// <summary>The marker that stands for output lines a job dropped because nobody received them.</summary>
    internal static string OmittedLines(long count) =>
        "... [omitted " + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " lines] ...";

    private PSNotSupportedException CannotSuspend() =>
        new(PSJobTypeName + " jobs cannot be suspended or resumed: a process group cannot be paused from a job. Stop-Job ends it.");

    private PSNotSupportedException NeverBlocked() =>
        new(PSJobTypeName + " jobs never block: they do not ask the host for input (the process's stdin is closed).");

    // Enumerating a stream of a running job returns what is there instead of waiting for more, as ThreadJob's streams do.
    private void Initialize(string jobTypeName)
    {
        PSJobTypeName = jobTypeName;
        Output.EnumeratorNeverBlocks = true;
        Error.EnumeratorNeverBlocks = true;
        Progress.EnumeratorNeverBlocks = true;
        Verbose.EnumeratorNeverBlocks = true;
        Debug.EnumeratorNeverBlocks = true;
        Warning.EnumeratorNeverBlocks = true;
        Information.EnumeratorNeverBlocks = true;
    }
}
