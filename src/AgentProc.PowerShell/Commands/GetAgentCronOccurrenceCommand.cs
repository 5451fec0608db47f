using System;
using System.Management.Automation;
using AgentProc.Hosting;
using AgentProc.Scheduling;

namespace AgentProc.Commands;

/// <summary>
/// <para type="synopsis">Shows the next times a cron expression fires, to check it before scheduling.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AgentCronOccurrence")]
[OutputType(typeof(AgentCronOccurrence))]
public sealed class GetAgentCronOccurrenceCommand : AgentCmdlet
{
    /// <summary>The cron expression, as Register-AgentScript takes it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, HelpMessage = "A cron expression, seconds first: 'sec min hour day-of-month month [day-of-week]', or @daily, @every 5m.")]
    [Alias("Cron")]
    [AllowEmptyString]
    public string Expression { get; set; } = string.Empty;

    /// <summary>List occurrences strictly after this instant. Default: now.</summary>
    [Parameter]
    [DateTimeOffsetTransformation]
    public DateTimeOffset? After { get; set; }

    /// <summary>How many occurrences (1 to 10000; default 5).</summary>
    [Parameter]
    [ValidateRange(1, Errors.EngineErrors.MaxCronOccurrences)]
    public int Count { get; set; } = 5;

    /// <summary>The time zone to read the expression in. Default: local, or the expression's CRON_TZ= prefix.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.TimeZoneCompleter))]
    public string? TimeZone { get; set; }

    protected override void Process()
    {
        try
        {
            var zone = TimeZone is null ? null : CronTimeZones.Find(TimeZone, Expression);
            var occurrences = CronOccurrences.Describe(Expression, After ?? DateTimeOffset.Now, Count, zone);
            foreach (var hint in new[] { CronHints.FiveFieldWarning(Expression), CronHints.FewerThanAsked(Expression, occurrences.Count, Count) })
            {
                if (hint != null)
                {
                    WriteWarning(hint);
                }
            }

            WriteObject(occurrences, enumerateCollection: true);
        }
        catch (Exception ex) when (ErrorRecords.IsExpected(ex))
        {
            WriteEngineError(ex);
        }
    }
}
