using System.Collections.Generic;
using System.IO;
using AgentProc.Errors;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>The spawn path's descriptors on failure (counted for the whole process, so run alone).</summary>
[Collection(ProcessWideCountsCollection.Name)]
public sealed class SpawnDescriptorTests
{
    [Fact]
    public void Starts_that_fail_leave_no_descriptor_behind()
    {
        using var directory = new TempDirectory();
        var platform = StartPaths.Platform(StartPaths.Spawn);
        var missing = new ChildStartInfo("true", Path.Combine(directory.Path, "gone"), new Dictionary<string, string>());
        Assert.Throws<AgentProcException>(() => platform.Start(missing));
        var before = Children.OpenDescriptors();

        for (var i = 0; i < 50; i++)
        {
            Assert.Throws<AgentProcException>(() => platform.Start(missing));
        }

        Assert.Equal(before, Children.OpenDescriptors());
    }
}
