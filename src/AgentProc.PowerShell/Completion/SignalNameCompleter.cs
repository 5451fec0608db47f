using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AgentProc.Platform;

namespace AgentProc.Completion;

/// <summary>Tab completion of the signal names Stop-AgentProcess -Signal takes, with their SIG names as tooltips.</summary>
public sealed class SignalNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        return SignalNames.Completions
            .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, SignalNames.Display(SignalNames.Parse(n))));
    }
}
