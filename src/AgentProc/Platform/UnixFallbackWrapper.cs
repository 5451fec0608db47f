using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// What the fallback start path execs in front of the shell, since <see cref="Process"/> can neither make
/// a process group nor reset signal dispositions. The forked child inherits pwsh's ignored SIGPIPE, and a
/// shell cannot undo that itself (POSIX: a signal ignored on entry to a non-interactive shell cannot be
/// trapped or reset, so <c>trap - PIPE</c> is silently a no-op in dash and bash alike). So:
/// <list type="bullet">
/// <item><c>setsid env --default-signal</c>: a new session (pid = group id, as the fork is not a group
/// leader) and every signal back to its default (coreutils 8.31+);</item>
/// <item><c>setsid perl -e '...'</c> where env lacks that option, and <c>perl -e '... setpgrp ...'</c>
/// where there is no setsid (macOS): perl sets every %SIG entry to DEFAULT, then execs;</item>
/// <item><c>setsid</c> alone, with neither: SIGPIPE stays ignored;</item>
/// <item>nothing, with none of them: the shell runs in our group and signals reach only it.</item>
/// </list>
/// The signal mask is not touched: .NET restores the starting thread's mask in the forked child, and
/// .NET threads block nothing.
/// </summary>
internal sealed class UnixFallbackWrapper
{
    private const string PerlReset = "$SIG{$_} = 'DEFAULT' for keys %SIG; ";
    private const string PerlExec = "exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";";

    private static readonly Lazy<UnixFallbackWrapper> Detected = new(Detect);

    private readonly string[] prefix;

    private UnixFallbackWrapper(string[] prefix, bool makesGroups, bool resetsSignals)
    {
        this.prefix = prefix;
        MakesGroups = makesGroups;
        ResetsSignals = resetsSignals;
    }

    /// <summary>The wrapper for this machine, found once.</summary>
    public static UnixFallbackWrapper Shared => Detected.Value;

    /// <summary>Whether started processes lead their own group.</summary>
    public bool MakesGroups { get; }

    /// <summary>Whether started processes get every signal at its default disposition.</summary>
    public bool ResetsSignals { get; }

    /// <summary>The start info that runs <paramref name="argv"/> (argv[0] a path) behind the wrapper, all three streams redirected.</summary>
    public ProcessStartInfo CreateStartInfo(IReadOnlyList<string> argv)
    {
        var arguments = new List<string>(prefix.Length + argv.Count);
        arguments.AddRange(prefix);
        arguments.AddRange(argv);
        var fileName = arguments[0];
        arguments.RemoveAt(0);
        return new ProcessStartInfo(fileName, CommandLine.Join(arguments))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
    }

    private static UnixFallbackWrapper Detect()
    {
        var setsid = FirstExisting("/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid");
        var env = FirstExisting("/usr/bin/env", "/bin/env");
        var perl = FirstExisting("/usr/bin/perl", "/bin/perl", "/usr/local/bin/perl");
        if (setsid != null)
        {
            if (env != null && EnvResetsSignals(env))
            {
                return new UnixFallbackWrapper(new[] { setsid, env, "--default-signal" }, makesGroups: true, resetsSignals: true);
            }

            return perl != null
                ? new UnixFallbackWrapper(new[] { setsid, perl, "-e", PerlReset + PerlExec }, makesGroups: true, resetsSignals: true)
                : new UnixFallbackWrapper(new[] { setsid }, makesGroups: true, resetsSignals: false);
        }

        return perl != null
            ? new UnixFallbackWrapper(new[] { perl, "-e", PerlReset + "setpgrp(0, 0); " + PerlExec }, makesGroups: true, resetsSignals: true)
            : new UnixFallbackWrapper(Array.Empty<string>(), makesGroups: false, resetsSignals: false);
    }

    // GNU env has --default-signal since coreutils 8.31; BSD and busybox env reject it.
    private static bool EnvResetsSignals(string env)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(env, "--default-signal /bin/sh -c :")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            });
            if (probe is null)
            {
                return false;
            }

            probe.StandardOutput.ReadToEnd();
            probe.StandardError.ReadToEnd();
            return probe.WaitForExit(10_000) && probe.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    private static string? FirstExisting(params string[] paths)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return null;
        }

        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
