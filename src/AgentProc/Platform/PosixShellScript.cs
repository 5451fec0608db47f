namespace AgentProc.Platform;

/// <summary>The script a POSIX shell (sh, or bash on Windows too) is given with <c>-c</c>.</summary>
internal static class PosixShellScript
{
    /// <summary>
    /// <paramref name="command"/>, after <c>exec 2&gt;&amp;1</c> unless stderr has a pipe of its own, so that
    /// the two streams arrive in the order written. The newline (not ';') keeps the user's text a separate
    /// line: a syntax error in it is still reported through the merged stream, and <c>exec 2&gt;&amp;1</c>
    /// itself cannot fail.
    /// </summary>
    public static string For(string command, bool separateStandardError = false) =>
        separateStandardError ? command : "exec 2>&1\n" + command;
}
