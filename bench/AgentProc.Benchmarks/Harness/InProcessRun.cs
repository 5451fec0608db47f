using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace AgentProc.Benchmarks.Harness;

/// <summary>
/// Runs a BenchmarkDotNet class in this process, with the memory diagnoser, its log in a file under the
/// temporary directory (the console keeps the harness's own lines), and fewer iterations in the quick mode.
/// </summary>
internal static class InProcessRun
{
    public static Summary Run<T>(BenchOptions options, string logName)
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "agentproc-bench", "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(artifacts);
        var logPath = Path.Combine(artifacts, logName + ".log");
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(options.Quick ? 3 : 6)
            .WithIterationCount(options.Quick ? 6 : 15)
            .WithIterationTime(TimeInterval.FromMilliseconds(options.Quick ? 100 : 250))
            .WithGcForce(false)
            .WithId(options.Mode);

        Summary summary;
        using (var log = new StreamWriter(logPath))
        {
            var config = ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddLogger(new StreamLogger(log))
                .WithArtifactsPath(artifacts);
            summary = BenchmarkRunner.Run<T>(config);
        }

        Console.WriteLine($"  BenchmarkDotNet's log and reports: {artifacts}");
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
        {
            throw new InvalidOperationException($"BenchmarkDotNet failed; see {logPath}.");
        }

        return summary;
    }
}
