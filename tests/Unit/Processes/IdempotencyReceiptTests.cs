using System;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

/// <summary>A key outlives its process: a retry after the process was forgotten gets its receipt, not a second run.</summary>
public sealed class IdempotencyReceiptTests
{

    [Fact]
    public async Task A_retry_after_removal_returns_the_receipt_and_starts_nothing()
    {
        using var manager = TestManagers.Create();
        var first = manager.StartOrRecall(new ProcessStartRequest("exit 3") { IdempotencyKey = "k" }).Process!;
        await first.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        await manager.RemoveAsync(first, force: false, CancellationToken.None);

        var again = manager.StartOrRecall(new ProcessStartRequest("exit 3") { IdempotencyKey = "k" });

        Assert.Null(again.Process);
        var receipt = again.Receipt!;
        Assert.Equal(first.Id, receipt.Id);
        Assert.Equal(first.InstanceId, receipt.InstanceId);
        Assert.Equal(3, receipt.ExitCode);
        Assert.Equal(AgentProcessState.Exited, receipt.State);
        Assert.Equal(first.ExitedAt, receipt.ExitedAt);
        Assert.Empty(manager.List());
        Assert.Equal("AgentProcessIdempotencyKeyRecalled", Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("exit 3") { IdempotencyKey = "k" })).ErrorId);
    }

    [Fact]
    public async Task A_receipt_lasts_for_the_idempotency_retention_then_the_key_is_free()
    {
        var clock = new ManualTimeProvider();
        using var manager = TestManagers.Create(o => { o.Retention = TimeSpan.FromMinutes(1); o.IdempotencyRetention = TimeSpan.FromHours(1); }, time: clock);
        var first = manager.Start(new ProcessStartRequest("exit 0") { IdempotencyKey = "k" });
        await first.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(manager.List());
        Assert.NotNull(manager.StartOrRecall(new ProcessStartRequest("exit 0") { IdempotencyKey = "k" }).Receipt);

        clock.Advance(TimeSpan.FromHours(1));
        var second = manager.StartOrRecall(new ProcessStartRequest("exit 0") { IdempotencyKey = "k" });
        Assert.NotNull(second.Process);
        Assert.NotEqual(first.Id, second.Process!.Id);
    }

    [Fact]
    public async Task Different_inputs_with_a_remembered_key_are_a_conflict()
    {
        using var manager = TestManagers.Create();
        var first = manager.Start(new ProcessStartRequest("exit 0") { IdempotencyKey = "k" });
        await first.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
        await manager.RemoveAsync(first, force: false, CancellationToken.None);

        var error = Assert.Throws<AgentProcException>(() => manager.StartOrRecall(new ProcessStartRequest("exit 1") { IdempotencyKey = "k" }));
        Assert.Equal("AgentProcessIdempotencyConflict", error.ErrorId);
    }

    [Fact]
    public async Task The_number_of_receipts_is_bounded_oldest_first()
    {
        using var manager = TestManagers.Create(o => o.MaxIdempotencyReceipts = 2);
        foreach (var key in new[] { "a", "b", "c" })
        {
            var process = manager.Start(new ProcessStartRequest("exit 0") { IdempotencyKey = key });
            await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
            await manager.RemoveAsync(process, force: false, CancellationToken.None);
        }

        Assert.NotNull(manager.StartOrRecall(new ProcessStartRequest("exit 0") { IdempotencyKey = "a" }).Process);
        Assert.NotNull(manager.StartOrRecall(new ProcessStartRequest("exit 0") { IdempotencyKey = "b" }).Receipt);
        Assert.NotNull(manager.StartOrRecall(new ProcessStartRequest("exit 0") { IdempotencyKey = "c" }).Receipt);
    }
}
