using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Output;

namespace AgentProc.Processes;

/// <summary>
/// Waits for a line of a process's output to match a pattern: the readiness check ("listening on
/// port 8080") a test or a deploy script runs before it talks to a server. Reads the recent-output
/// window line by line from its oldest byte, so a line printed before the wait began counts, then
/// follows new output until a line matches, the process exits, or the time limit passes.
/// </summary>
internal static class OutputMatchWait
{
    public static async Task<AgentProcessOutputMatch> RunAsync(AgentProcess process, Regex pattern, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } span && span <= SettingLimits.MaxTimeout)
        {
            limit.CancelAfter(span);
        }

        var reader = new OutputLineReader(process.Window);
        while (true)
        {
            foreach (var line in reader.Read())
            {
                var match = line.IsGap ? null : pattern.Match(line.Text);
                if (match is { Success: true })
                {
                    return new AgentProcessOutputMatch(process, pattern, line.Text, match, line.Cursor);
                }
            }

            if (reader.Ended)
            {
                throw EngineErrors.ExitedBeforeMatch(process, process.Id, process.Name, pattern.ToString(), process.DescribeExit(), DescribeTail(process));
            }

            // A prompt waits without a newline: the line in progress counts too.
            var partial = reader.PartialLine;
            var partialMatch = partial.Length == 0 ? null : pattern.Match(partial);
            if (partialMatch is { Success: true })
            {
                return new AgentProcessOutputMatch(process, pattern, partial, partialMatch, reader.Cursor);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (limit.IsCancellationRequested)
            {
                throw EngineErrors.MatchTimedOut(process, process.Id, process.Name, pattern.ToString(), timeout!.Value, DescribeTail(process));
            }

            await reader.WaitAsync(limit.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Completes when one of <paramref name="waits"/> has matched, or when all of them have ended.</summary>
    public static async Task WhenFirstMatchAsync(IReadOnlyList<Task<AgentProcessOutputMatch>> waits)
    {
        var pending = new List<Task>(waits);
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            if (done.Status == TaskStatus.RanToCompletion)
            {
                return;
            }

            pending.Remove(done);
        }
    }

    private static string DescribeTail(AgentProcess process)
    {
        var tail = OutputTail.Last(process.ReadOutput().Output);
        return tail.Length == 0
            ? "It has written no output."
            : "The last lines of its output:" + Environment.NewLine + tail;
    }
}
