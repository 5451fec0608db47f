using System;
using System.Collections.Generic;
using System.IO;

namespace AgentProc.Platform;

/// <summary>
/// Which process groups still have a live (not zombie) member, read from /proc. <c>kill(-pgid, 0)</c>
/// alone is not enough: when the init process of a container does not reap orphans, a killed
/// grandchild stays a zombie in its group forever, and would keep the group "alive".
/// </summary>
internal static class LinuxProcessTable
{
    // A close polls many groups at once; one scan serves all of them for this long.
    private static readonly TimeSpan CacheFor = TimeSpan.FromMilliseconds(15);
    private static readonly object Gate = new();
    private static HashSet<int>? cached;
    private static DateTime cachedAt;

    public static bool IsAvailable { get; } = Directory.Exists("/proc/self");

    public static bool GroupHasLiveMember(int pgid)
    {
        lock (Gate)
        {
            var now = DateTime.UtcNow;
            if (cached != null && now - cachedAt <= CacheFor && cached.Contains(pgid))
            {
                return true;
            }

            // A miss is never served from the cache: a group created after the last scan would
            // read as dead. Callers ask only after kill(-pgid, 0) found the group, so misses are
            // rare (a group of zombies) and a fresh scan is affordable.
            cached = ScanLiveGroups();
            cachedAt = now;
            return cached.Contains(pgid);
        }
    }

    /// <summary>Whether a single pid is alive and not a zombie.</summary>
    public static bool IsLive(int pid)
    {
        var stat = TryRead("/proc/" + pid + "/stat");
        return stat != null && TryParse(stat, out var state, out _, out _) && state != 'Z' && state != 'X';
    }

    /// <summary>The pids whose session id is <paramref name="session"/> now (zombies included: they still hold it). A fresh scan.</summary>
    public static List<int> SessionMembers(int session)
    {
        var members = new List<int>();
        foreach (var (pid, stat) in ReadAll())
        {
            if (TryParse(stat, out var state, out _, out var sid) && sid == session && state != 'X')
            {
                members.Add(pid);
            }
        }

        return members;
    }

    private static HashSet<int> ScanLiveGroups()
    {
        var groups = new HashSet<int>();
        foreach (var (_, stat) in ReadAll())
        {
            if (TryParse(stat, out var state, out var pgrp, out _) && state != 'Z' && state != 'X')
            {
                groups.Add(pgrp);
            }
        }

        return groups;
    }

    private static IEnumerable<(int Pid, string Stat)> ReadAll()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !char.IsDigit(name[0]) || !int.TryParse(name, out var pid))
            {
                continue;
            }

            var stat = TryRead(directory + "/stat");
            if (stat != null)
            {
                yield return (pid, stat);
            }
        }
    }

    // /proc/<pid>/stat is "pid (comm) state ppid pgrp session ...": comm may hold spaces and
    // parentheses, so the fields are counted from the last ')'.
    private static bool TryParse(string stat, out char state, out int pgrp, out int session)
    {
        state = '\0';
        pgrp = session = 0;
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return false;
        }

        var fields = stat.Substring(close + 2).Split(' ');
        if (fields.Length < 4)
        {
            return false;
        }

        state = fields[0][0];
        return int.TryParse(fields[2], out pgrp) && int.TryParse(fields[3], out session);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
