using System.Threading;
using System.Threading.Tasks;
using AgentProc.Platform;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

[Collection(ProcessWideCountsCollection.Name)]
public sealed class PipeReaderThreadsTests
{
    [Fact]
    public async Task A_thread_whose_work_ended_takes_the_next_work_and_leaves_when_idle()
    {
        var first = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(PipeReaderThreads.TryRun(() => first.SetResult(Thread.CurrentThread.Name)));
        Assert.Equal("agentproc-pipe", await Eventually.Within(first.Task, "the work ran"));
        await Eventually.TrueAsync(() => PipeReaderThreads.IdleCount > 0, "the thread waits for more work");

        var created = PipeReaderThreads.CreatedCount;
        var second = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(PipeReaderThreads.TryRun(() => second.SetResult(true)));
        await Eventually.Within(second.Task, "the second work ran");
        Assert.Equal(created, PipeReaderThreads.CreatedCount);

        await Eventually.TrueAsync(() => PipeReaderThreads.IdleCount == 0, "idle threads leave after their timeout");
    }
}
