using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using AgentProc.Errors;

namespace AgentProc.Platform;

/// <summary>
/// Signal names as users give them (<c>Interrupt</c>, <c>INT</c>, <c>SIGINT</c>, <c>2</c>), their
/// display names, and their numbers on the running platform.
/// </summary>
internal static class SignalNames
{
    private static readonly (ProcessSignal Signal, string Short)[] Known =
    {
        (ProcessSignal.Hangup, "HUP"),
        (ProcessSignal.Interrupt, "INT"),
        (ProcessSignal.Quit, "QUIT"),
        (ProcessSignal.Kill, "KILL"),
        (ProcessSignal.User1, "USR1"),
        (ProcessSignal.User2, "USR2"),
        (ProcessSignal.Terminate, "TERM"),
    };

    /// <summary>The names offered by tab completion, in the order users reach for them.</summary>
    public static IReadOnlyList<string> Completions { get; } = new[] { "Terminate", "Interrupt", "Hangup", "Kill", "Quit", "User1", "User2" };

    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    /// <summary>Parses a name (<c>Interrupt</c>, <c>INT</c>, <c>SIGINT</c>, any case) or a number from 1 to 64.</summary>
    public static ProcessSignal Parse(string text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= 64)
        {
            return FromNative(number);
        }

        var bare = trimmed.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? trimmed.Substring(3) : trimmed;
        foreach (var (signal, shortName) in Known)
        {
            if (string.Equals(bare, shortName, StringComparison.OrdinalIgnoreCase) || string.Equals(bare, signal.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return signal;
            }
        }

        throw EngineErrors.UnknownSignal(text ?? string.Empty, string.Join(", ", Completions) + ", their short names (INT, HUP, USR1...) with or without SIG, or a number from 1 to 64");
    }

    /// <summary>The name shells print: <c>SIGINT</c>, or <c>signal 20</c> for one without a name here.</summary>
    public static string Display(ProcessSignal signal)
    {
        var known = Known.FirstOrDefault(k => k.Signal == signal);
        return known.Short != null ? "SIG" + known.Short : "signal " + ((int)signal).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The number to pass to kill(2) here: User1 and User2 differ on macOS and the BSDs.</summary>
    public static int Native(ProcessSignal signal) => IsLinux ? (int)signal : signal switch
    {
        ProcessSignal.User1 => 30,
        ProcessSignal.User2 => 31,
        _ => (int)signal,
    };

    /// <summary>
    /// Whether a SIGCONT should follow: after the signals that ask a process to end, so that a stopped
    /// (SIGSTOP, Ctrl+Z) group acts on them; never after SIGKILL (it needs none) or signals that stop.
    /// </summary>
    public static bool EndsProcess(ProcessSignal signal) =>
        signal is ProcessSignal.Terminate or ProcessSignal.Interrupt or ProcessSignal.Hangup or ProcessSignal.Quit;

    private static ProcessSignal FromNative(int number) => !IsLinux && number is 30 or 31
        ? (number == 30 ? ProcessSignal.User1 : ProcessSignal.User2)
        : (ProcessSignal)number;
}
