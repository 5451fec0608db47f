namespace AgentProc.Scheduling;

/// <summary>One checked cron field: the same field in Cronos's syntax, and the fact the day rule needs.</summary>
internal sealed class CronField
{
    public CronField(string cronosText, bool star)
    {
        CronosText = cronosText;
        Star = star;
    }

    /// <summary>
    /// The field as Cronos reads it, matching the same values. It keeps the shape that decides Cronos's
    /// daylight-saving rule: a <c>*</c>, <c>-</c> or <c>/</c> in the seconds, minutes or hours makes an
    /// interval job, so it appears here exactly when it appeared in what the user wrote.
    /// </summary>
    public string CronosText { get; }

    /// <summary>
    /// robfig's "star bit": some list item is <c>*</c> or <c>?</c> without a step (or with step 1).
    /// <c>*/2</c> does not set it, exactly as in robfig/cron v3, so a stepped day field counts as restricted.
    /// </summary>
    public bool Star { get; }
}
