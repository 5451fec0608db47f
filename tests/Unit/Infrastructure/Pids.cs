using System.IO;

namespace AgentProc.Tests.Infrastructure;

/// <summary>Whether an operating-system pid is alive. Zombies count as dead: they cannot run.</summary>
internal static class Pids
{
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        var state = stat[stat.LastIndexOf(')') + 2];
        return state != 'Z' && state != 'X';
    }

    /// <summary>The state letter of /proc/pid/stat (R, S, T for stopped, Z...), or '?' when it is gone.</summary>
    public static char State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }

    /// <summary>The program name a pid runs now (/proc/pid/comm), or null when it is gone.</summary>
    public static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Parses the pids a test's shell printed, one per line, from a marker onwards.</summary>
    public static int[] Parse(string text, string marker)
    {
        var list = new System.Collections.Generic.List<int>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(marker) && int.TryParse(line.Substring(marker.Length).Trim(), out var pid))
            {
                list.Add(pid);
            }
        }

        return list.ToArray();
    }
}
