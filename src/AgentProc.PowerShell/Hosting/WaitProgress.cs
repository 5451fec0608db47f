using System;
using System.Diagnostics;
using System.Management.Automation;

namespace AgentProc.Hosting;

/// <summary>
/// A progress bar for waits that last longer than a moment: silent for the first second (most
/// waits are short), then updated while the wait goes on, and completed when it ends.
/// </summary>
internal sealed class WaitProgress
{
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMilliseconds(500);

    private readonly Cmdlet cmdlet;
    private readonly string activity;
    private readonly Stopwatch elapsed = Stopwatch.StartNew();
    // Null until the first update: subtracting from TimeSpan.MinValue overflows.
    private TimeSpan? lastUpdate;
    private bool shown;

    public WaitProgress(Cmdlet cmdlet, string activity)
    {
        this.cmdlet = cmdlet;
        this.activity = activity;
    }

    /// <summary>Updates the bar with <paramref name="status"/> (and a percentage when known).</summary>
    public void Tick(Func<string> status, int percent = -1)
    {
        var now = elapsed.Elapsed;
        if (now < QuietFor || (lastUpdate is { } last && now - last < UpdateEvery))
        {
            return;
        }

        lastUpdate = now;
        shown = true;
        cmdlet.WriteProgress(new ProgressRecord(0x4150, activity, status() + $" ({(int)now.TotalSeconds} s)") { PercentComplete = percent });
    }

    public void Complete()
    {
        if (shown)
        {
            cmdlet.WriteProgress(new ProgressRecord(0x4150, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
