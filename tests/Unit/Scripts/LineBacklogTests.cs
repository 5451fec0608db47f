using System.Linq;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;

namespace AgentProc.Tests.Scripts;

public sealed class LineBacklogTests
{
    [Fact]
    public void Past_its_capacity_lines_are_dropped_and_counted_per_script()
    {
        var backlog = new LineBacklog(capacity: 3);
        Assert.True(backlog.TryEnter("a"));
        Assert.True(backlog.TryEnter("b"));
        Assert.True(backlog.TryEnter("a"));
        Assert.False(backlog.TryEnter("a"));
        Assert.False(backlog.TryEnter("b"));
        Assert.False(backlog.TryEnter("a"));

        Assert.Equal(3, backlog.Pending);
        Assert.Equal(2, backlog.TakeDropped("a"));
        Assert.Equal(0, backlog.TakeDropped("a"));
        Assert.Equal(1, backlog.TakeDropped("b"));

        backlog.Leave();
        Assert.True(backlog.TryEnter("a"));
    }

    [Fact]
    public void Concurrent_producers_never_exceed_the_capacity()
    {
        var backlog = new LineBacklog(capacity: 100);
        var entered = new int[4];
        Parallel.For(0, 4, i =>
        {
            for (var n = 0; n < 10_000; n++)
            {
                if (backlog.TryEnter("s" + i))
                {
                    entered[i]++;
                }
            }
        });

        Assert.Equal(100, entered.Sum());
        Assert.Equal(100, backlog.Pending);
        Assert.Equal(40_000 - 100, Enumerable.Range(0, 4).Sum(i => backlog.TakeDropped("s" + i)));
    }
}
