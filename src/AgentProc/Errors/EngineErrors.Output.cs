using System;

namespace AgentProc.Errors;

internal static partial class EngineErrors
{
    public static AgentProcException InvalidCursor(long cursor, long written) => new(
        "AgentProcessInvalidCursor", AgentErrorKind.InvalidArgument,
        F("The cursor {0} is not a position in the output: give a byte offset from 0 to the bytes written so far ({1}), such as the NextCursor of the last read.", cursor, written), cursor);

    public static AgentProcException InvalidPattern(string pattern, string reason) => new(
        "AgentProcessInvalidPattern", AgentErrorKind.InvalidArgument,
        F("The pattern '{0}' is not a valid regular expression: {1}", pattern, reason), pattern);

    public static AgentProcException ExitedBeforeMatch(object target, int id, string name, string pattern, string exit, string tail) => new(
        "AgentProcessExitedBeforeMatch", AgentErrorKind.InvalidOperation,
        F("The agent process {0} ({1}) {2} before its output matched '{3}'. {4}", id, name, exit, pattern, tail), target);

    public static AgentProcException MatchTimedOut(object target, int id, string name, string pattern, TimeSpan timeout, string tail) => new(
        "AgentProcessMatchTimedOut", AgentErrorKind.Timeout,
        F("The output of agent process {0} ({1}) did not match '{2}' within {3}; the process is still running. {4}", id, name, pattern, timeout, tail), target);
}
