using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace AgentProc.Tests.Infrastructure;

/// <summary>
/// Waits for a condition with a generous upper bound instead of sleeping a fixed time: fast when
/// the machine is fast, still correct when a loaded 2-core machine is slow.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? bound = null)
    {
        var limit = bound ?? DefaultBound;
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > limit)
            {
                throw new XunitException($"Not true within {limit}: {because}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing the test if it takes longer than the bound.</summary>
    public static async Task<T> Within<T>(Task<T> task, string because, TimeSpan? bound = null)
    {
        var limit = bound ?? DefaultBound;
        if (await Task.WhenAny(task, Task.Delay(limit)) != task)
        {
            throw new XunitException($"Did not finish within {limit}: {because}");
        }

        return await task;
    }

    public static async Task Within(Task task, string because, TimeSpan? bound = null)
    {
        var limit = bound ?? DefaultBound;
        if (await Task.WhenAny(task, Task.Delay(limit)) != task)
        {
            throw new XunitException($"Did not finish within {limit}: {because}");
        }

        await task;
    }
}
