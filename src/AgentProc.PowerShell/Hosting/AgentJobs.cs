using System;
using System.Collections.Generic;
using System.Management.Automation;
using AgentProc.Processes;

namespace AgentProc.Hosting;

/// <summary>
/// Creates AgentProc's jobs through the runspace's job manager, so that they land in this runspace's
/// <see cref="AgentJobSourceAdapter"/> and PowerShell's job cmdlets find them.
/// </summary>
internal static class AgentJobs
{
    /// <summary>The job of <paramref name="process"/>: the one it already has in this runspace, or a new, started one.</summary>
    public static AgentProcessJob ForProcess(PSCmdlet cmdlet, AgentProcess process, ProcessManager manager) =>
        (AgentProcessJob)Register(cmdlet, process.Command, process.Name, process.InstanceId, () =>
        {
            var job = new AgentProcessJob(process, manager);
            job.StartJob();
            return job;
        });

    /// <summary>A new script job, started.</summary>
    public static AgentScriptJob ForScripts(PSCmdlet cmdlet, Func<AgentScriptJob> create)
    {
        return (AgentScriptJob)Register(cmdlet, string.Empty, string.Empty, Guid.NewGuid(), () =>
        {
            var job = create();
            job.StartJob();
            return job;
        });
    }

    private static Job2 Register(PSCmdlet cmdlet, string command, string name, Guid key, Func<Job2> create)
    {
        var definition = new JobDefinition(typeof(AgentJobSourceAdapter), command, name);
        var parameters = new Dictionary<string, object>
        {
            [AgentJobSourceAdapter.KeyParameter] = key,
            [AgentJobSourceAdapter.CreateParameter] = create,
        };
        return cmdlet.JobManager.NewJob(new JobInvocationInfo(definition, parameters));
    }
}
