using NCrontab;

namespace AgentProc.Scheduling;

/// <summary>One parsed cron field: its value set and the facts the day and DST rules need.</summary>
internal sealed class CronField
{
    public CronField(CrontabField values, bool star, bool all)
    {
        Values = values;
        Star = star;
        All = all;
    }

    /// <summary>The values the field matches (NCrontab's set: Contains, Next, GetFirst).</summary>
    public CrontabField Values { get; }

    /// <summary>
    /// robfig's "star bit": some list item is <c>*</c> or <c>?</c> without a step (or with step 1).
    /// <c>*/2</c> does not set it, exactly as in robfig/cron v3, so a stepped day field counts as restricted.
    /// </summary>
    public bool Star { get; }

    /// <summary>The set holds every value of the field's range (<c>*</c>, <c>*/1</c>, <c>0-23</c>, ...).</summary>
    public bool All { get; }
}
