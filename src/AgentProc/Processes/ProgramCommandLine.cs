using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AgentProc.Processes;

/// <summary>
/// How a program started without a shell is shown (its <c>Command</c>): the program and its arguments
/// as a POSIX shell would read them back, single-quoting what needs it. For reading only: the
/// arguments themselves reach the program untouched.
/// </summary>
internal static class ProgramCommandLine
{
    public static string Display(string program, IReadOnlyList<string> arguments) =>
        string.Join(" ", new[] { program }.Concat(arguments).Select(Quote));

    private static string Quote(string value)
    {
        if (value.Length > 0 && value.All(IsPlain))
        {
            return value;
        }

        return new StringBuilder("'").Append(value.Replace("'", "'\\''")).Append('\'').ToString();
    }

    private static bool IsPlain(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') || "_-./:=@%+,".IndexOf(c) >= 0;
}
