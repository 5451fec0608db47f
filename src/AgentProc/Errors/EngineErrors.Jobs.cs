namespace AgentProc.Errors;

/// <summary>Why a job ended as it did.</summary>
internal static partial class EngineErrors
{
    public static AgentProcException ProcessFailed(object target, int id, string name, string exit) => new(
        "AgentProcessFailed", AgentErrorKind.InvalidResult,
        F("The agent process {0} ({1}) {2}.", id, name, exit), target);

    public static AgentProcException PipesLeftOpen(int id, string name) => new(
        "AgentProcessPipesLeftOpen", AgentErrorKind.InvalidResult,
        F("The agent process {0} ({1}) exited, but a process it started kept its output pipe open, so output written after the drain delay was not read. Redirect that child's output, or start it as its own agent process.", id, name), id);
}
