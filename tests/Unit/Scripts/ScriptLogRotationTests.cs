using System;
using System.IO;
using System.Text;
using AgentProc.Scripts;
using Xunit;

namespace AgentProc.Tests.Scripts;

/// <summary>A script's log file is bounded: past its limit it becomes &lt;log&gt;.1 and a new one starts.</summary>
public sealed class ScriptLogRotationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "agentproc-rotation-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Writes_past_the_limit_rotate_to_one_older_file_and_the_total_stays_bounded()
    {
        var path = Path.Combine(directory, "big.log");
        const long limit = 64 * 1024;
        var chunk = Encoding.ASCII.GetBytes(new string('x', 1023) + "\n");
        using (var log = ScriptLogFile.Open(path, limit))
        {
            for (var i = 0; i < 1000; i++)
            {
                log.WriteOutput(chunk, 0, chunk.Length);
            }

            log.WriteLine("the end");
            Assert.Null(log.WriteError);
        }

        Assert.True(new FileInfo(path).Length <= limit);
        Assert.True(new FileInfo(ScriptLogFile.RotatedPathOf(path)).Length <= limit);
        Assert.EndsWith("the end\n", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".2"));
        Assert.Equal(0x180, (int)File.GetUnixFileMode(path) & 0x1FF);
        Assert.Equal(0x180, (int)File.GetUnixFileMode(ScriptLogFile.RotatedPathOf(path)) & 0x1FF);
    }

    [Fact]
    public void A_new_run_continues_the_existing_file_and_rotates_it_when_full()
    {
        var path = Path.Combine(directory, "runs.log");
        const long limit = 64 * 1024;
        var line = Encoding.ASCII.GetBytes(new string('y', 1023) + "\n");
        for (var run = 0; run < 3; run++)
        {
            using var log = ScriptLogFile.Open(path, limit);
            for (var i = 0; i < 40; i++)
            {
                log.WriteOutput(line, 0, line.Length);
            }
        }

        // Three runs of 40 KiB: the second run fills the file to 64 KiB and starts a new one with its
        // last 16 KiB, which the third run continues.
        Assert.Equal(64 * 1024, new FileInfo(ScriptLogFile.RotatedPathOf(path)).Length);
        Assert.Equal(56 * 1024, new FileInfo(path).Length);
    }

    [Fact]
    public void The_limit_is_a_bounded_setting()
    {
        var options = new ScriptRunnerOptions();
        Assert.Equal(64L * 1024 * 1024, options.LogFileMaxBytes);
        Assert.Throws<AgentProc.Errors.AgentProcException>(() => options.LogFileMaxBytes = 1000);
        options.LogFileMaxBytes = 1024 * 1024;
        Assert.Equal(1024 * 1024, options.LogFileMaxBytes);
    }
}
