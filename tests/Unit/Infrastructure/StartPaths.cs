using System;
using AgentProc.Platform;
using Xunit;

namespace AgentProc.Tests.Infrastructure;

/// <summary>
/// The Unix start paths, by name, for theories that must hold on each: <c>spawn</c> (posix_spawn and a
/// pidfd; groups signalled through the pidfd on Linux 6.9+), <c>spawn-anchored</c> (the same, signalling
/// groups as on kernels before 6.9) and <c>fallback</c> (Process behind the signal-resetting wrapper).
/// </summary>
internal static class StartPaths
{
    public const string Spawn = "spawn";
    public const string SpawnAnchored = "spawn-anchored";
    public const string Fallback = "fallback";

    public static TheoryData<string> All => new() { Spawn, SpawnAnchored, Fallback };

    public static TheoryData<string> SpawnOnly => new() { Spawn, SpawnAnchored };

    public static UnixProcessPlatform Platform(string path) => path switch
    {
        Spawn => new UnixProcessPlatform(UnixStartPath.Spawn),
        SpawnAnchored => new UnixProcessPlatform(UnixStartPath.Spawn, signalGroupsThroughPidfd: false),
        Fallback => new UnixProcessPlatform(UnixStartPath.Fallback),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "spawn, spawn-anchored or fallback"),
    };
}
