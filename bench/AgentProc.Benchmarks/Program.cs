using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using AgentProc.Benchmarks.Harness;
using AgentProc.Benchmarks.Items;
using AgentProc.Benchmarks.Scheduling;

namespace AgentProc.Benchmarks;

/// <summary>
/// The AgentProc performance harness. Items 1, 3 and 4 are process-level and measured here with
/// Stopwatch, allocation counters, a managed-heap sampler and /proc; items 2 and 6 run under
/// BenchmarkDotNet (in process); item 5 needs AgentProc.Scheduling; item 7 hosts PowerShell in-process. Every number is reported next
/// to a baseline measured in the same run, and the table printed at the end is Markdown.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (BenchOptions.HelpRequested)
        {
            Console.WriteLine("usage: AgentProc.Benchmarks [--quick | --full] [--only 1,2,3,4,5,6,7] [--out FILE] [--schedule-seconds N]");
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        if (options.ScaleWorker is { } side)
        {
            return Scale.Worker(side, options.ScaleCount);
        }

        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("The harness measures Linux processes (/bin/sh, setsid, /proc); run it on Linux.");
            return 2;
        }

#if DEBUG
        Console.Error.WriteLine("warning: a Debug build; run with -c Release for numbers worth reporting.");
#endif

        var total = Stopwatch.StartNew();
        var report = new Report();
        var items = new (int Number, Action<BenchOptions, Report> Run)[]
        {
            (1, StartOverhead.Run),
            (2, BufferThroughput.Run),
            (3, CaptureEndToEnd.Run),
            (4, Scale.Run),
            (5, SchedulerPrecision.Run),
            (6, OutputReads.Run),
            (7, PowerShellHosted.Run),
        };

        Console.WriteLine($"AgentProc benchmarks, {options.Mode} mode: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {RuntimeInformation.OSDescription}");
        var failed = false;
        foreach (var (number, run) in items)
        {
            if (!options.Runs(number))
            {
                continue;
            }

            var stopwatch = Stopwatch.StartNew();
            try
            {
                run(options, report);
            }
            catch (Exception ex)
            {
                failed = true;
                Console.Error.WriteLine($"[{number}] FAILED: {ex}");
                report.Add(new Row(number.ToString(System.Globalization.CultureInfo.InvariantCulture), "FAILED: " + ex.GetType().Name + ": " + ex.Message.ReplaceLineEndings(" "), "-", "-", null));
            }

            Console.WriteLine($"[{number}] took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        }

        var header =
            $"AgentProc benchmarks, {options.Mode} mode, {DateTime.UtcNow:yyyy-MM-dd}: {Environment.ProcessorCount} cores, " +
            $".NET {Environment.Version}, {RuntimeInformation.OSDescription.Trim()}; whole run {total.Elapsed.TotalSeconds:0} s.";
        var table = report.Render(header);
        Console.WriteLine();
        Console.WriteLine(table);
        if (options.OutFile is { } file)
        {
            File.WriteAllText(file, table);
            Console.WriteLine($"Written to {Path.GetFullPath(file)}");
        }

        return failed ? 1 : 0;
    }
}
