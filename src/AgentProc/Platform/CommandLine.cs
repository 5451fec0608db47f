using System.Collections.Generic;
using System.Text;

namespace AgentProc.Platform;

/// <summary>
/// Joins arguments into one <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/> string.
/// netstandard2.0 has no <c>ArgumentList</c>, and .NET splits <c>Arguments</c> back into argv with the
/// MSVC rules on every platform, so quoting by those rules (as .NET's own PasteArguments does)
/// hands each argument to the child byte for byte, whatever quotes, backslashes or newlines it holds.
/// </summary>
internal static class CommandLine
{
    public static string Join(IEnumerable<string> arguments)
    {
        var builder = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            Append(builder, argument);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string argument)
    {
        if (argument.Length != 0 && !NeedsQuotes(argument))
        {
            builder.Append(argument);
            return;
        }

        builder.Append('"');
        var index = 0;
        while (index < argument.Length)
        {
            var c = argument[index++];
            if (c == '\\')
            {
                var backslashes = 1;
                while (index < argument.Length && argument[index] == '\\')
                {
                    index++;
                    backslashes++;
                }

                if (index == argument.Length)
                {
                    // Doubled so the closing quote stays a quote.
                    builder.Append('\\', backslashes * 2);
                }
                else if (argument[index] == '"')
                {
                    // Doubled, plus one to escape the quote that follows.
                    builder.Append('\\', (backslashes * 2) + 1).Append('"');
                    index++;
                }
                else
                {
                    builder.Append('\\', backslashes);
                }

                continue;
            }

            if (c == '"')
            {
                builder.Append('\\').Append('"');
                continue;
            }

            builder.Append(c);
        }

        builder.Append('"');
    }

    private static bool NeedsQuotes(string argument)
    {
        foreach (var c in argument)
        {
            if (char.IsWhiteSpace(c) || c == '"')
            {
                return true;
            }
        }

        return false;
    }
}
