namespace AgentProc.Processes;

/// <summary>What a start gave: a process (new, or the live one of its idempotency key), or the receipt of a forgotten one.</summary>
internal sealed class ProcessStartOutcome
{
    public ProcessStartOutcome(AgentProcess process)
    {
        Process = process;
    }

    public ProcessStartOutcome(AgentProcessReceipt receipt)
    {
        Receipt = receipt;
    }

    public AgentProcess? Process { get; }

    public AgentProcessReceipt? Receipt { get; }
}
