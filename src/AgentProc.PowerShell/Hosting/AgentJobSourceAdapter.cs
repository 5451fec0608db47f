using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AgentProc.Hosting;

/// <summary>
/// Makes AgentProc's jobs known to PowerShell's job cmdlets. Import-Module registers it by itself (as it
/// does every public JobSourceAdapter in a module's assembly, the way ThreadJob's is), in the importing
/// runspace's job manager, so each runspace has its own instance and sees only its own jobs.
/// Get-Job, Receive-Job, Wait-Job, Stop-Job and Remove-Job then find the jobs here.
/// </summary>
public sealed class AgentJobSourceAdapter : JobSourceAdapter
{
    internal const string KeyParameter = "AgentProcJobKey";
    internal const string CreateParameter = "AgentProcJobCreate";

    private readonly object gate = new();
    private readonly Dictionary<Guid, Job2> jobs = new();

    public AgentJobSourceAdapter()
    {
        Name = nameof(AgentJobSourceAdapter);
    }

    /// <summary>
    /// Returns the job under the key given (a process's InstanceId: a process has at most one job), or
    /// creates it with the factory given and keeps it. Only AgentProc's cmdlets call this, through the
    /// job manager (<see cref="AgentJobs"/>).
    /// </summary>
    public override Job2 NewJob(JobInvocationInfo specification)
    {
        var parameters = specification?.Parameters.FirstOrDefault();
        if (parameters?.FirstOrDefault(p => p.Name == KeyParameter)?.Value is not Guid key
            || parameters.FirstOrDefault(p => p.Name == CreateParameter)?.Value is not Func<Job2> create)
        {
            throw new PSNotSupportedException("AgentProc jobs are made by Start-AgentProcess -AsJob and Invoke-AgentScript -AsJob, not from a job definition.");
        }

        lock (gate)
        {
            if (jobs.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var job = create();
            jobs.Add(job.InstanceId, job);
            return job;
        }
    }

    public override IList<Job2> GetJobs() => Select(_ => true);

    public override IList<Job2> GetJobsByName(string name, bool recurse)
    {
        var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
        return Select(job => pattern.IsMatch(job.Name));
    }

    public override IList<Job2> GetJobsByCommand(string command, bool recurse)
    {
        var pattern = WildcardPattern.Get(command, WildcardOptions.IgnoreCase);
        return Select(job => pattern.IsMatch(job.Command));
    }

    public override Job2? GetJobByInstanceId(Guid instanceId, bool recurse)
    {
        lock (gate)
        {
            return jobs.TryGetValue(instanceId, out var job) ? job : null;
        }
    }

    public override Job2? GetJobBySessionId(int id, bool recurse) => Select(job => job.Id == id).FirstOrDefault();

    public override IList<Job2> GetJobsByState(JobState state, bool recurse) => Select(job => job.JobStateInfo.State == state);

    /// <summary>Jobs whose properties equal every value of the filter (case-insensitive, as -eq compares).</summary>
    public override IList<Job2> GetJobsByFilter(Dictionary<string, object> filter, bool recurse) =>
        Select(job =>
        {
            var wrapped = PSObject.AsPSObject(job);
            return filter.All(pair => wrapped.Properties[pair.Key] is { } property && LanguagePrimitives.Equals(property.Value, pair.Value, ignoreCase: true));
        });

    /// <summary>
    /// Remove-Job (and Receive-Job -AutoRemoveJob): the job is forgotten; a process job takes its process
    /// with it, a script job still running is stopped.
    /// </summary>
    public override void RemoveJob(Job2 job)
    {
        lock (gate)
        {
            if (!jobs.Remove(job.InstanceId))
            {
                return;
            }
        }

        switch (job)
        {
            case AgentProcessJob processJob:
                processJob.Release();
                break;
            case AgentScriptJob scriptJob when !scriptJob.IsFinished:
                scriptJob.StopJob();
                break;
        }
    }

    private IList<Job2> Select(Func<Job2, bool> predicate)
    {
        lock (gate)
        {
            return jobs.Values.Where(predicate).OrderBy(job => job.Id).ToList();
        }
    }
}
