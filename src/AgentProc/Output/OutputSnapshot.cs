using System.Globalization;

namespace AgentProc.Output;

/// <summary>
/// A process's captured output at one moment: the decoded text and the facts about what was
/// left out. Immutable; taken with <c>Receive-AgentProcessOutput</c>.
/// </summary>
internal sealed class OutputSnapshot
{
    /// <summary>The <see cref="Strategy"/> when the whole output is in <see cref="Text"/>.</summary>
    public const string StrategyNone = "none";

    /// <summary>The <see cref="Strategy"/> when the middle of the output was left out.</summary>
    public const string StrategyHeadTail = "head_tail";

    /// <summary>
    /// The line that stands for output that is not shown: <c>... [omitted N bytes] ...</c>, between the head
    /// and the tail of a snapshot, and where a follower's reads skipped bytes the window no longer held.
    /// </summary>
    public static string OmittedMarker(long bytes) => "... [omitted " + bytes.ToString(CultureInfo.InvariantCulture) + " bytes] ...";

    /// <summary>A snapshot of no output at all.</summary>
    public static OutputSnapshot Empty { get; } = new OutputSnapshot(string.Empty, 0, 0, 0);

    internal OutputSnapshot(string text, long originalBytes, long retainedBytes, int linesCut)
    {
        Text = text;
        OriginalBytes = originalBytes;
        RetainedBytes = retainedBytes;
        LinesCut = linesCut;
    }

    /// <summary>
    /// The output decoded as UTF-8: all of it, or the head, a marker
    /// <c>... [omitted N bytes] ...</c> on its own line, and the tail; over-long lines cut.
    /// </summary>
    public string Text { get; }

    /// <summary>How many bytes the process wrote in all.</summary>
    public long OriginalBytes { get; }

    /// <summary>How many of those bytes are shown in <see cref="Text"/> (the kept head and tail).</summary>
    public long RetainedBytes { get; }

    /// <summary>How many bytes are not shown: <see cref="OriginalBytes"/> - <see cref="RetainedBytes"/>, the N of the marker.</summary>
    public long OmittedBytes => OriginalBytes - RetainedBytes;

    /// <summary>True when <see cref="Text"/> is not the whole output: bytes were omitted or lines were cut.</summary>
    public bool Truncated => OmittedBytes > 0 || LinesCut > 0;

    /// <summary><c>"none"</c> when every byte is shown, else <c>"head_tail"</c>.</summary>
    public string Strategy => OmittedBytes > 0 ? StrategyHeadTail : StrategyNone;

    /// <summary>How many lines were cut to the maximum line length.</summary>
    public int LinesCut { get; }

    /// <summary>The text, so the snapshot reads naturally in a string context.</summary>
    public override string ToString() => Text;
}
