using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

[Collection(ProcessWideCountsCollection.Name)]
public sealed class ChildProcessDescriptorTests
{
    [Fact]
    public async Task Many_children_leave_no_descriptor_open_however_they_end()
    {
        // Warm-up: the runtime opens a few descriptors of its own on the first start.
        using (var warm = Children.Start("echo warm", new RecordingSink()))
        {
            await Eventually.Within(warm.Completion, "the warm-up child ends");
        }

        var before = Children.OpenDescriptors();
        var commands = new[]
        {
            "head -c 2000000 /dev/zero", // loud: read on a thread of its own
            "seq 1 5000",               // some output, read by the shared poller
            "true",                      // nothing at all
            "echo x; exec >&- 2>&-; sleep 0.2", // closes its output early, keeps running
            "sleep 30 & echo held",      // a grandchild holds the pipe: abandoned after the delay
        };

        for (var batch = 0; batch < 8; batch++)
        {
            var children = new List<ChildProcess>();
            for (var i = 0; i < 25; i++)
            {
                children.Add(Children.Start(commands[i % commands.Length], new RecordingSink(), TimeSpan.FromMilliseconds(300)));
            }

            // And one disposed while it still writes.
            var flowing = new RecordingSink(keep: 0);
            var disposed = Children.Start("exec yes", flowing);
            await Eventually.TrueAsync(() => flowing.Count > 0, "the flowing child wrote");
            disposed.Signal(ProcessSignal.Kill);
            disposed.Dispose();

            await Eventually.Within(Task.WhenAll(children.Select(c => c.Completion)), "the batch ends");
            foreach (var child in children)
            {
                child.Signal(ProcessSignal.Kill); // the held pipes' grandchildren
                child.Dispose();
            }
        }

        await Eventually.TrueAsync(() => Children.OpenDescriptors() <= before + 5, $"the descriptor count returns to {before} (+5 slack); it is {Children.OpenDescriptors()}");
    }
}
