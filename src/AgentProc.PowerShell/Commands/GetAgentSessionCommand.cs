using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Sessions;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Shows the session's settings, what it holds, and its script counters.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AgentSession")]
[OutputType(typeof(AgentSessionInfo))]
public sealed class GetAgentSessionCommand : AgentCmdlet
{
    protected override void Process() => WriteObject(new AgentSessionInfo(Session));
}
