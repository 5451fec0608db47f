using System;
using System.Diagnostics;
using System.Threading.Tasks;
using AgentProc.Hosting;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Hosting;

/// <summary>The queue a cmdlet drains while it waits: items in order, and a wait that ends when its task completes, without an exception.</summary>
public sealed class PipelineQueueTests
{
    [Fact]
    public void Items_come_out_in_the_order_they_were_posted()
    {
        var queue = new PipelineQueue();
        Action<AgentCmdlet> first = _ => { };
        Action<AgentCmdlet> second = _ => { };
        queue.Post(first);
        queue.Post(second);

        Assert.True(queue.TryTake(out var a, TimeSpan.Zero));
        Assert.True(queue.TryTake(out var b, TimeSpan.Zero));
        Assert.False(queue.TryTake(out var none, TimeSpan.Zero));
        Assert.Same(first, a);
        Assert.Same(second, b);
        Assert.Null(none);
    }

    [Fact]
    public async Task A_wait_ends_soon_after_its_task_completes_and_wakes_the_queue()
    {
        var queue = new PipelineQueue();
        var done = new TaskCompletionSource<bool>();
        var waiting = Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            var took = queue.TryTake(out _, TimeSpan.FromSeconds(30), done.Task);
            return (took, watch.Elapsed);
        });
        await Eventually.TrueAsync(() => queue.WaitingCount == 1, "the taker waits");

        done.SetResult(true);
        queue.Wake();
        var (took, elapsed) = await waiting;

        Assert.False(took);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"the wait lasted {elapsed}");
    }

    [Fact]
    public void A_wait_on_a_task_already_completed_returns_at_once_unless_an_item_is_there()
    {
        var queue = new PipelineQueue();

        Assert.False(queue.TryTake(out _, TimeSpan.FromSeconds(30), Task.CompletedTask));
        queue.Post(_ => { });
        Assert.True(queue.TryTake(out _, TimeSpan.FromSeconds(30), Task.CompletedTask));
    }

    [Fact]
    public async Task A_post_ends_a_wait_with_the_item()
    {
        var queue = new PipelineQueue();
        var waiting = Task.Run(() => queue.TryTake(out var action, TimeSpan.FromSeconds(30), new TaskCompletionSource<bool>().Task) ? action : null);
        await Eventually.TrueAsync(() => queue.WaitingCount == 1, "the taker waits");
        Action<AgentCmdlet> posted = _ => { };

        queue.Post(posted);

        Assert.Same(posted, await waiting);
    }

    [Fact]
    public void A_closed_queue_gives_what_it_held_then_refuses_new_items_without_waiting()
    {
        var queue = new PipelineQueue();
        queue.Post(_ => { });

        queue.Close();
        queue.Post(_ => { });

        Assert.False(queue.IsOpen);
        Assert.True(queue.TryTake(out _, TimeSpan.Zero));
        var watch = Stopwatch.StartNew();
        Assert.False(queue.TryTake(out _, TimeSpan.FromSeconds(30)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }
}
