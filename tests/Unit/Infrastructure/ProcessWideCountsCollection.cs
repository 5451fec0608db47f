using Xunit;

namespace AgentProc.Tests.Infrastructure;

/// <summary>
/// Tests that count something of the whole test process (file descriptors, reader threads): they run
/// alone, after the parallel ones, so that other tests' processes do not move the counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCountsCollection
{
    public const string Name = "Process-wide counts";
}
