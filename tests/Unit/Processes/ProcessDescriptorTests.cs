using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

/// <summary>A forgotten process gives its descriptors back: memory and descriptors follow the list, not the history.</summary>
public sealed class ProcessDescriptorTests
{
    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [Fact]
    public async Task Two_hundred_started_and_forgotten_processes_leave_no_descriptor_behind()
    {
        using var manager = TestManagers.Create();

        // Warm up: the poller thread, the watchdog pipe and the like are opened once, by the first starts.
        for (var i = 0; i < 5; i++)
        {
            var warm = manager.Start(new ProcessStartRequest("true"));
            await warm.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
            await manager.RemoveAsync(warm, force: false, CancellationToken.None);
        }

        await Eventually.TrueAsync(() => { manager.List(); return true; }, "a sweep");
        var before = OpenDescriptors();

        for (var batch = 0; batch < 10; batch++)
        {
            var processes = Enumerable.Range(0, 20).Select(_ => manager.Start(new ProcessStartRequest("echo out; echo err >&2"))).ToArray();
            foreach (var process in processes)
            {
                await process.WaitForExitAsync(Eventually.DefaultBound, CancellationToken.None);
                await manager.RemoveAsync(process, force: false, CancellationToken.None);
            }
        }

        // Released groups are swept once they are empty (at most once a second, on a listing).
        await Eventually.TrueAsync(
            () =>
            {
                manager.List();
                return OpenDescriptors() <= before + 2;
            },
            $"the descriptors return to about {before} (now {OpenDescriptors()})");
    }
}
