using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using AgentProc.Platform;
using Xunit;

namespace AgentProc.Tests.Infrastructure;

/// <summary>
/// Makes the kernel hand a chosen pid to a new process, through /proc/sys/kernel/ns_last_pid (root, or
/// CAP_CHECKPOINT_RESTORE, in the pid namespace): the way to test that a reused pid is never signalled.
/// </summary>
internal static class PidReuse
{
    private const string LastPid = "/proc/sys/kernel/ns_last_pid";

    /// <summary>Null when the last pid can be set here; else why not.</summary>
    public static string? Unavailable { get; } = Probe();

    /// <summary>
    /// Starts <c>sleep 300</c> as pid <paramref name="pid"/>, leading session and group <paramref name="pid"/>
    /// (as every shell job leads a group): a stranger with the number of a child that is gone. It is
    /// spawned directly (posix_spawn, SETSID), not through Process, which may start a thread that takes
    /// the pid first; other processes and threads take pids too, so it tries until it has that one.
    /// </summary>
    public static Stranger StartStrangerAs(int pid)
    {
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" };
        if (!UnixPipeNative.TryCreateCloseOnExecPipe(out var read, out var write))
        {
            throw new InvalidOperationException("pipe2 failed.");
        }

        using var readEnd = new FileDescriptorHandle(read);
        using var writeEnd = new FileDescriptorHandle(write);
        for (var attempt = 0; attempt < 500; attempt++)
        {
            File.WriteAllText(LastPid, (pid - 1).ToString());
            var stranger = new Stranger(PosixSpawn.Start(new[] { "/bin/sleep", "300" }, environment, "/", write, write));
            if (stranger.Pid == pid)
            {
                return stranger;
            }

            stranger.Dispose();

            // Something else took it: wait for it to go (a thread of this process may hold it a while).
            var deadline = DateTime.UtcNow + Eventually.DefaultBound;
            while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }

        throw new InvalidOperationException($"pid {pid} could not be had in 500 attempts. Holders: {Holders(pid)}");
    }

    // Which processes use the number as pid, group or session (for the failure message).
    private static string Holders(int number)
    {
        var found = new System.Text.StringBuilder();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsDigit(Path.GetFileName(directory)[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                if (Path.GetFileName(directory) == number.ToString() || fields[2] == number.ToString() || fields[3] == number.ToString())
                {
                    found.Append(stat.Substring(0, stat.LastIndexOf(')') + 1)).Append(" state ").Append(fields[0]).Append(" pgrp ").Append(fields[2]).Append(" sid ").Append(fields[3]).Append("; ");
                }
            }
            catch (IOException)
            {
            }
            catch (Exception ex) when (ex is ArgumentException or UnauthorizedAccessException)
            {
            }
        }

        return found.Length == 0 ? "none found" : found.ToString();
    }

    private static string? Probe()
    {
        try
        {
            // Writing the value back changes nothing.
            File.WriteAllText(LastPid, File.ReadAllText(LastPid).Trim());
            return SpawnSupport.Unsupported;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LastPid + " cannot be written here (needs root): " + ex.Message;
        }
    }
}

/// <summary>A process this test started directly: killed and reaped on dispose.</summary>
internal sealed class Stranger : IDisposable
{
    public Stranger(int pid) => Pid = pid;

    public int Pid { get; }

    public void Dispose()
    {
        UnixNative.Kill(Pid, (int)ProcessSignal.Kill);
        PidfdNative.WaitId(PidfdNative.P_PID, Pid, new int[PidfdNative.SigInfoInts], PidfdNative.WEXITED);
    }
}

/// <summary>A theory that needs <see cref="PidReuse"/>: skipped, with the reason, where pids cannot be chosen.</summary>
public sealed class PidReuseTheoryAttribute : TheoryAttribute
{
    public PidReuseTheoryAttribute()
    {
        if (PidReuse.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
