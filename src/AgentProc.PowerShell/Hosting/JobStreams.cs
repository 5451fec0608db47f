using System;
using System.ComponentModel;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;

namespace AgentProc.Hosting;

/// <summary>What the two AgentProc job types share: their streams, the asynchronous stop, and what they refuse.</summary>
internal static class JobStreams
{
    /// <summary>Enumerating a stream of a running job returns what is there instead of waiting for more, as ThreadJob's streams do.</summary>
    public static void NeverBlock(Job job)
    {
        job.Output.EnumeratorNeverBlocks = true;
        job.Error.EnumeratorNeverBlocks = true;
        job.Progress.EnumeratorNeverBlocks = true;
        job.Verbose.EnumeratorNeverBlocks = true;
        job.Debug.EnumeratorNeverBlocks = true;
        job.Warning.EnumeratorNeverBlocks = true;
        job.Information.EnumeratorNeverBlocks = true;
    }

    /// <summary>Completed, Failed or Stopped: Job.IsFinishedState is internal to PowerShell.</summary>
    public static bool IsFinished(Job job) => job.JobStateInfo.State is JobState.Completed or JobState.Failed or JobState.Stopped;

    public static bool HaveData(Job job) =>
        job.Output.Count > 0 || job.Error.Count > 0 || job.Warning.Count > 0 || job.Verbose.Count > 0
        || job.Debug.Count > 0 || job.Progress.Count > 0 || job.Information.Count > 0;

    /// <summary>The marker line that stands for output lines a job dropped because nobody received them.</summary>
    public static string OmittedLines(long count) =>
        "... [omitted " + count.ToString(CultureInfo.InvariantCulture) + " lines] ...";

    /// <summary>
    /// Stop-Job calls StopJobAsync and waits for StopJobCompleted, which must come whatever happens, or
    /// Stop-Job waits forever.
    /// </summary>
    public static void StopInBackground(Action stop, Action<AsyncCompletedEventArgs> completed) =>
        Task.Run(() =>
        {
            Exception? error = null;
            try
            {
                stop();
            }
            catch (Exception ex)
            {
                error = ex;
            }

            completed(new AsyncCompletedEventArgs(error, false, null));
        });

    public static PSNotSupportedException CannotSuspend(string jobType) =>
        new(jobType + " jobs cannot be suspended or resumed: a process group cannot be paused from a job. Stop-Job ends it.");

    public static PSNotSupportedException NeverBlocked(string jobType) =>
        new(jobType + " jobs never block: they do not ask the host for input (the process's stdin is closed).");
}
