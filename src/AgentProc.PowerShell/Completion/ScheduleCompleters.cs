using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AgentProc.Hosting;

namespace AgentProc.Completion;

/// <summary>Tab completion of the session's scheduled script names, with the cron expression as the tooltip.</summary>
internal sealed class AgentScriptNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionText.Prefix(wordToComplete);
        return SessionRegistry.ForCurrentRunspace().Scheduler.List()
            .Where(s => pattern.IsMatch(s.Name))
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new CompletionResult(CompletionText.Quote(s.Name), s.Name, CompletionResultType.ParameterValue, $"{s.Name}: {s.Cron}"));
    }
}

/// <summary>Tab completion of the session's process instance ids, with id and name as the tooltip.</summary>
internal sealed class AgentProcessInstanceIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        return SessionRegistry.ForCurrentRunspace().ProcessManager.List()
            .Where(p => p.InstanceId.ToString().StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(p => new CompletionResult(p.InstanceId.ToString(), $"{p.InstanceId} ({p.Id} {p.Name})", CompletionResultType.ParameterValue, $"{p.Id} {p.Name} ({p.State}): {p.Command}"));
    }
}

/// <summary>Tab completion of the session log's categories: the engine's four, and any other the log holds.</summary>
internal sealed class SessionLogCategoryCompleter : IArgumentCompleter
{
    private static readonly string[] Known = { "Processes", "Scripts", "Scheduler", "Session" };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionText.Prefix(wordToComplete);
        return Known.Concat(SessionRegistry.ForCurrentRunspace().Log.Read().Select(e => e.Category))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(pattern.IsMatch)
            .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CompletionResult(CompletionText.Quote(c), c, CompletionResultType.ParameterValue, c));
    }
}

/// <summary>
/// Tab completion of IANA time zone ids (the ids the docs use, on every platform: Windows PowerShell 5.1
/// lists only Windows ids itself). A word without '/' also matches the part after it, so 'Berl' finds Europe/Berlin.
/// </summary>
internal sealed class TimeZoneCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = wordToComplete.Trim('\'', '"');
        return AgentProc.Scheduling.CronTimeZones.KnownIanaIds
            .Where(id => id.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                || (word.IndexOf('/') < 0 && id.Substring(id.LastIndexOf('/') + 1).StartsWith(word, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(id => id, StringComparer.Ordinal)
            .Select(id => new CompletionResult(CompletionText.Quote(id), id, CompletionResultType.ParameterValue, id));
    }
}
