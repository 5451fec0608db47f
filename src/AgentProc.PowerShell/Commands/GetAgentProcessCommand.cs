using System;
using System.Management.Automation;
using AgentProc.Completion;
using AgentProc.Hosting;
using AgentProc.Processes;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Lists the session's agent processes: running first, then newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AgentProcess", DefaultParameterSetName = IdSet)]
[OutputType(typeof(AgentProcess))]
public sealed class GetAgentProcessCommand : AgentCmdlet
{
    private const string IdSet = "Id";
    private const string InstanceIdSet = "InstanceId";
    private const string NameSet = "Name";

    /// <summary>The session ids to get.</summary>
    // Not bound by property name: any object has an Id (a job, a Get-Process result).
    [Parameter(Position = 0, ParameterSetName = IdSet)]
    [ArgumentCompleter(typeof(AgentProcessIdCompleter))]
    public int[]? Id { get; set; }

    /// <summary>The instance ids to get.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InstanceIdSet)]
    public Guid[]? InstanceId { get; set; }

    /// <summary>The names to get; wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(AgentProcessNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only processes in these states (Running, Exited).</summary>
    [Parameter]
    public AgentProcessState[]? State { get; set; }

    protected override void Process()
    {
        var result = ProcessSelection.Select(Session.Processes.List(), Id, InstanceId, Name, State);
        foreach (var error in result.Errors)
        {
            WriteEngineError(error);
        }

        // A snapshot array: `Get-AgentProcess | Remove-AgentProcess` never edits a list being enumerated.
        WriteObject(result.Processes, enumerateCollection: true);
    }
}
