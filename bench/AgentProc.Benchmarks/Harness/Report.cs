using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AgentProc.Benchmarks.Harness;

/// <summary>One line of the results table.</summary>
internal sealed record Row(
    string Item,
    string Measure,
    string Engine,
    string Baseline,
    double? Ratio,
    string Goal = "",
    bool? Met = null)
{
    public string RatioText => Ratio is { } r && !double.IsNaN(r) ? r.ToString(r < 0.01 ? "0.0000" : "0.00", CultureInfo.InvariantCulture) + "x" : "-";

    public string MetText => Met switch
    {
        true => "met",
        false => "**missed**",
        null => "-",
    };
}

/// <summary>Collects rows and findings, and renders them as a Markdown table.</summary>
internal sealed class Report
{
    private readonly List<Row> rows = new();
    private readonly List<string> notes = new();

    public IReadOnlyList<Row> Rows => rows;

    public IReadOnlyList<string> Notes => notes;

    public void Add(Row row)
    {
        rows.Add(row);
        Console.WriteLine($"  -> {row.Measure}: {row.Engine} vs {row.Baseline} = {row.RatioText} {(row.Goal.Length > 0 ? "(goal " + row.Goal + ": " + row.MetText + ")" : string.Empty)}");
    }

    /// <summary>A fact learned while measuring (read sizes, allocations, limits), printed under the table.</summary>
    public void Note(string note)
    {
        notes.Add(note);
        Console.WriteLine("  note: " + note);
    }

    public string Render(string header)
    {
        var builder = new StringBuilder();
        builder.AppendLine(header);
        builder.AppendLine();
        builder.AppendLine("| # | Measure | AgentProc | Baseline | Ratio | Goal | Result |");
        builder.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            builder.AppendLine($"| {row.Item} | {Escape(row.Measure)} | {Escape(row.Engine)} | {Escape(row.Baseline)} | {row.RatioText} | {Escape(row.Goal)} | {row.MetText} |");
        }

        if (notes.Count > 0)
        {
            builder.AppendLine();
            builder.AppendLine("Measured alongside:");
            builder.AppendLine();
            foreach (var note in notes)
            {
                builder.AppendLine("- " + note);
            }
        }

        return builder.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

internal static class Format
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Ms(double milliseconds) =>
        milliseconds >= 100 ? milliseconds.ToString("0", Inv) + " ms"
        : milliseconds >= 1 ? milliseconds.ToString("0.00", Inv) + " ms"
        : (milliseconds * 1000).ToString("0.0", Inv) + " µs";

    public static string Bytes(double bytes) =>
        Math.Abs(bytes) >= 1024 * 1024 ? (bytes / 1024 / 1024).ToString("0.0", Inv) + " MiB"
        : Math.Abs(bytes) >= 1024 ? (bytes / 1024).ToString("0.0", Inv) + " KiB"
        : bytes.ToString("0", Inv) + " B";

    public static string Rate(double bytesPerSecond) =>
        bytesPerSecond >= 1024.0 * 1024 * 1024 ? (bytesPerSecond / 1024 / 1024 / 1024).ToString("0.00", Inv) + " GiB/s"
        : (bytesPerSecond / 1024 / 1024).ToString("0", Inv) + " MiB/s";

    public static string Num(double value, string format = "0.##") => value.ToString(format, Inv);

    public static string List(IEnumerable<double> ratios) => string.Join(", ", ratios.Select(r => r.ToString("0.00", Inv)));
}
