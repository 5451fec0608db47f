using System;
using System.Collections.Generic;
using System.Globalization;

namespace AgentProc.Benchmarks.Harness;

/// <summary>Command-line options: <c>--quick</c>, <c>--only 1,3</c>, <c>--out FILE</c>.</summary>
internal sealed class BenchOptions
{
    public bool Quick { get; private set; }

    /// <summary>Items to run (1-7); empty: all.</summary>
    public HashSet<int> Only { get; } = new();

    /// <summary>Where to write the Markdown table as well as printing it; null: print only.</summary>
    public string? OutFile { get; private set; }

    /// <summary>Item 4's worker mode (an internal re-invocation of this program): "engine" or "baseline".</summary>
    public string? ScaleWorker { get; private set; }

    public int ScaleCount { get; private set; }

    /// <summary>Item 5's length in seconds (60 in the full mode).</summary>
    public int? ScheduleSeconds { get; private set; }

    public string Mode => Quick ? "quick" : "full";

    public bool Runs(int item) => Only.Count == 0 || Only.Contains(item);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    options.Quick = true;
                    break;
                case "--full":
                    options.Quick = false;
                    break;
                case "--only":
                    foreach (var part in Next(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var item = int.Parse(part, CultureInfo.InvariantCulture);
                        if (item < 1 || item > 7)
                        {
                            throw new ArgumentException($"--only takes items 1 to 7, not {item}.");
                        }

                        options.Only.Add(item);
                    }

                    break;
                case "--out":
                    options.OutFile = Next(args, ref i);
                    break;
                case "--schedule-seconds":
                    options.ScheduleSeconds = int.Parse(Next(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--scale-worker":
                    options.ScaleWorker = Next(args, ref i);
                    options.ScaleCount = int.Parse(Next(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "-h":
                case "--help":
                    throw new HelpRequested();
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Accepted: --quick, --full, --only 1,2,..., --out FILE, --schedule-seconds N.");
            }
        }

        return options;
    }

    private static string Next(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }

    internal sealed class HelpRequested : Exception
    {
    }
}
