using System.Collections.Generic;

namespace AgentProc.HelpGen;

/// <summary>The prose of one cmdlet's help, as written in docs/en-US/Verb-Noun.md.</summary>
public sealed record CmdletDoc(
    string Name,
    string Path,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<ExampleDoc> Examples,
    IReadOnlyList<ParameterDoc> Parameters,
    IReadOnlyList<TypeDoc> Inputs,
    IReadOnlyList<TypeDoc> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<LinkDoc> Links);

/// <summary>One example: its title (without "Example N:"), its code, and the paragraphs that explain it.</summary>
public sealed record ExampleDoc(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A parameter's description paragraphs; <see cref="Name"/> has no leading dash.</summary>
public sealed record ParameterDoc(string Name, IReadOnlyList<string> Description);

/// <summary>An input or output type (a full type name, or None) and what it means.</summary>
public sealed record TypeDoc(string TypeName, IReadOnlyList<string> Description);

/// <summary>A related link; <see cref="Uri"/> is empty for links to other help topics.</summary>
public sealed record LinkDoc(string Text, string Uri);
