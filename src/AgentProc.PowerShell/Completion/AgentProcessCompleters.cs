using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AgentProc.Hosting;

namespace AgentProc.Completion;

/// <summary>Tab completion of the session's process ids, with the name as the tooltip.</summary>
internal sealed class AgentProcessIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        SessionRegistry.ForCurrentRunspace().ProcessManager.List()
            .Where(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture).StartsWith(wordToComplete, System.StringComparison.Ordinal))
            .OrderBy(p => p.Id)
            .Select(p => new CompletionResult(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{p.Id} {p.Name}", CompletionResultType.ParameterValue, $"{p.Name} ({p.State}): {p.Command}"));
}

/// <summary>Tab completion of the session's process names, quoted when they need it.</summary>
internal sealed class AgentProcessNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return SessionRegistry.ForCurrentRunspace().ProcessManager.List()
            .Select(p => p.Name)
            .Distinct()
            .Where(pattern.IsMatch)
            .OrderBy(n => n, System.StringComparer.OrdinalIgnoreCase)
            .Select(n => new CompletionResult(CompletionText.Quote(n), n, CompletionResultType.ParameterValue, n));
    }
}

/// <summary>Quotes a completion when the text would not survive as a bare word.</summary>
internal static class CompletionText
{
    public static string Quote(string text) =>
        text.Any(c => char.IsWhiteSpace(c) || "'\"`$&|;,(){}[]@#<>".IndexOf(c) >= 0)
            ? "'" + text.Replace("'", "''") + "'"
            : text;

    /// <summary>What the user typed so far, unquoted, as a case-insensitive prefix pattern.</summary>
    public static WildcardPattern Prefix(string wordToComplete) =>
        new(WildcardPattern.Escape(wordToComplete.Trim('\'', '"')) + "*", WildcardOptions.IgnoreCase);
}
