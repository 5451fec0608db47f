using System;
using System.Collections.Generic;
using System.Management.Automation;
using AgentProc.Completion;
using AgentProc.Hosting;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// The shared parameters of the cmdlets that act on existing processes: by -Id (position 0, or
/// by property name from any object with an Id), -InstanceId, -Name (wildcards), or the piped
/// AgentProcess objects themselves. Unknown ids and names are ObjectNotFound errors, one per item.
/// </summary>
public abstract class AgentProcessTargetCommand : AgentCmdlet
{
    protected const string IdSet = "Id";
    protected const string InstanceIdSet = "InstanceId";
    protected const string NameSet = "Name";
    protected const string InputObjectSet = "InputObject";

    /// <summary>The session ids of the processes.</summary>
    // Not bound by property name: any object has an Id (a job, a Get-Process result). Piped objects
    // bind by InstanceId, which only our processes carry.
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ArgumentCompleter(typeof(AgentProcessIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>The globally unique ids of the processes.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InstanceIdSet)]
    public Guid[] InstanceId { get; set; } = Array.Empty<Guid>();

    /// <summary>The names of the processes; wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(AgentProcessNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>The processes, as Start-AgentProcess and Get-AgentProcess write them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public AgentProcess[] InputObject { get; set; } = Array.Empty<AgentProcess>();

    /// <summary>The processes this call names, after writing an error for each one that does not exist.</summary>
    protected IReadOnlyList<AgentProcess> Targets()
    {
        var result = ParameterSetName == InputObjectSet
            ? ProcessSelection.Members(Session.Processes.List(), InputObject)
            : ProcessSelection.Select(
                Session.Processes.List(),
                ParameterSetName == IdSet ? Id : null,
                ParameterSetName == InstanceIdSet ? InstanceId : null,
                ParameterSetName == NameSet ? Name : null);
        foreach (var error in result.Errors)
        {
            WriteEngineError(error);
        }

        return result.Processes;
    }
}
