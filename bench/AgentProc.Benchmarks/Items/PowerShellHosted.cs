using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AgentProc.Benchmarks.Harness;

namespace AgentProc.Benchmarks.Items;

/// <summary>
/// Item 7: PowerShell 7.6 hosted in this process (Microsoft.PowerShell.SDK), timing what a user types to
/// "run `true` and read its exit code": <c>Start-AgentProcess -Wait</c>, <c>&amp; /bin/true</c>,
/// <c>Start-Process -Wait</c>, <c>Start-ThreadJob</c> and <c>Start-Job</c>, one after another and
/// many at once. Each variant times itself inside PowerShell (a Stopwatch around its loop), so the
/// cost of handing a script to the runspace is in none of them; rounds rotate the order.
/// </summary>
/// <remarks>
/// The module is imported from its assembly beside this program, the engine beside it: without the
/// <c>lib</c> folder of an installed module the engine loader leaves assembly loading alone, and the
/// engine this program already loaded is the one the module uses. ThreadJob comes from the pinned pwsh's
/// <c>$PSHOME/Modules</c>, as it ships with pwsh and not with the SDK. <c>Start-Job</c> runs
/// <c>$PSHOME/pwsh</c> of the hosting PowerShell, which for an SDK host is this program's runtime
/// folder: a symbolic link there to the pinned pwsh makes it work.
/// </remarks>
internal static class PowerShellHosted
{
    private const string Agent = "agent";
    private const string Native = "native";
    private const string StartProcess = "start-process";
    private const string ThreadJob = "thread-job";
    private const string Job = "job";

    // One run of `true` and its exit code, as a user writes it. Each throws unless the code is 0.
    private static readonly Dictionary<string, string> Once = new()
    {
        [Agent] = "$c = (Start-AgentProcess 'true' -Wait).ExitCode",
        [Native] = "& /bin/true; $c = $LASTEXITCODE",
        [StartProcess] = "$c = (Start-Process /bin/true -Wait -PassThru).ExitCode",
        [ThreadJob] = "$c = Start-ThreadJob { & /bin/true; $LASTEXITCODE } | Receive-Job -Wait -AutoRemoveJob",
        [Job] = "$c = Start-Job { & /bin/true; $LASTEXITCODE } | Receive-Job -Wait -AutoRemoveJob",
    };

    // The same, $n at once: start them all, then wait for all and read every exit code.
    private static readonly Dictionary<string, string> AtOnce = new()
    {
        [Agent] = "$all = foreach ($i in 1..$n) { Start-AgentProcess 'true' }; $null = $all | Wait-AgentProcess; $c = $all.ExitCode",
        [Native] = "$c = 1..$n | ForEach-Object -Parallel { & /bin/true; $LASTEXITCODE } -ThrottleLimit $n",
        [StartProcess] = "$all = foreach ($i in 1..$n) { Start-Process /bin/true -PassThru }; $all | Wait-Process; $c = $all.ExitCode",
        [ThreadJob] = "$all = foreach ($i in 1..$n) { Start-ThreadJob { & /bin/true; $LASTEXITCODE } -ThrottleLimit $n }; $c = $all | Receive-Job -Wait -AutoRemoveJob",
        [Job] = "$all = foreach ($i in 1..$n) { Start-Job { & /bin/true; $LASTEXITCODE } }; $c = $all | Receive-Job -Wait -AutoRemoveJob",
    };

    private static readonly Dictionary<string, string> Labels = new()
    {
        [Agent] = "`Start-AgentProcess 'true' -Wait`",
        [Native] = "`& /bin/true`",
        [StartProcess] = "`Start-Process /bin/true -Wait`",
        [ThreadJob] = "`Start-ThreadJob { & /bin/true }`",
        [Job] = "`Start-Job { & /bin/true }`",
    };

    public static void Run(BenchOptions options, Report report)
    {
        var rounds = options.Quick ? 1 : 3;
        var batch = options.Quick ? 10 : 40;
        var perRound = new Dictionary<string, int>
        {
            [Agent] = options.Quick ? 30 : 100,
            [Native] = options.Quick ? 30 : 100,
            [StartProcess] = options.Quick ? 30 : 100,
            [ThreadJob] = options.Quick ? 10 : 40,
            [Job] = options.Quick ? 1 : 5,
        };

        // Each Start-Job starts a pwsh (a second or more of CPU here): one round of them is enough to
        // be 100 times slower or not, and the quick mode starts only a few.
        var jobBatch = options.Quick ? 4 : batch;
        Console.WriteLine($"[7] PowerShell {typeof(PSObject).Assembly.GetName().Version} hosted in-process: `true` and its exit code through five commands, one after another ({rounds} rounds), then {batch} at once");

        var pwshHome = PinnedPwshHome();
        var jobsReason = EnableStartJob(pwshHome);
        var variants = Once.Keys.Where(v => v != Job || jobsReason is null).ToArray();

        var state = InitialSessionState.CreateDefault();
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        Invoke(runspace, "Import-Module -Assembly $args[0]; Import-Module (Join-Path $args[1] 'Modules/Microsoft.PowerShell.ThreadJob')", typeof(AgentProc.Hosting.ModuleLifecycle).Assembly, pwshHome);

        // Warm-up: the JIT, command discovery, the module's session, one job of each kind.
        foreach (var variant in variants)
        {
            Time(runspace, Once[variant], variant == Job ? 1 : 5);
            Time(runspace, AtOnce[variant], 2, atOnce: true);
        }

        var sequential = variants.ToDictionary(v => v, _ => new List<double>());
        var together = variants.ToDictionary(v => v, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < variants.Length; k++)
            {
                var variant = variants[(k + round) % variants.Length];
                sequential[variant].Add(Time(runspace, Once[variant], perRound[variant]));
                if (variant != Job || round == 0)
                {
                    together[variant].Add(Time(runspace, AtOnce[variant], variant == Job ? jobBatch : batch, atOnce: true));
                }
            }

            Invoke(runspace, "Get-AgentProcess | Remove-AgentProcess");
        }

        var seq = sequential.ToDictionary(p => p.Key, p => Stats.Median(p.Value));
        var all = together.ToDictionary(p => p.Key, p => Stats.Median(p.Value));
        foreach (var variant in variants)
        {
            Console.WriteLine($"  {Labels[variant]}: one after another {Format.Ms(seq[variant])}, {(variant == Job ? jobBatch : batch)} at once {Format.Ms(all[variant])} per process");
        }

        var toNative = seq[Agent] / seq[Native];
        report.Add(new Row(
            "7",
            $"From pwsh: run `true` and read its exit code, one after another (median of {rounds} rounds of {perRound[Agent]}): {Labels[Agent]} against {Labels[Native]}",
            Format.Ms(seq[Agent]),
            Format.Ms(seq[Native]),
            toNative,
            "≤ 1.15x",
            toNative <= 1.15));
        var toStartProcess = seq[Agent] / seq[StartProcess];
        report.Add(new Row(
            "7",
            $"Same, against {Labels[StartProcess]} (`.ExitCode` of `-PassThru`)",
            Format.Ms(seq[Agent]),
            Format.Ms(seq[StartProcess]),
            toStartProcess,
            "< 1x",
            toStartProcess < 1.0));
        report.Add(new Row(
            "7",
            $"Same, against {Labels[ThreadJob]} and {(jobsReason is null ? Labels[Job] : "`Start-Job` (" + jobsReason + ")")}, each through `Receive-Job -Wait -AutoRemoveJob`",
            Format.Ms(seq[Agent]),
            Format.Ms(seq[ThreadJob]) + (jobsReason is null ? " / " + Format.Ms(seq[Job]) : string.Empty),
            seq[Agent] / seq[ThreadJob]));

        var parallelGain = all[Agent] / seq[Agent];
        report.Add(new Row(
            "7",
            $"{batch} at once (`Start-AgentProcess` each, then `Wait-AgentProcess`), per process, against one after another",
            Format.Ms(all[Agent]),
            Format.Ms(seq[Agent]),
            parallelGain,
            "≤ 0.5x (2x faster)",
            parallelGain <= 0.5));
        var toThreadJobs = all[Agent] / all[ThreadJob];
        report.Add(new Row(
            "7",
            $"{batch} at once, per process, against {batch} `Start-ThreadJob -ThrottleLimit {batch}` then `Receive-Job -Wait`",
            Format.Ms(all[Agent]),
            Format.Ms(all[ThreadJob]),
            toThreadJobs,
            "≤ 0.1x (10x faster)",
            toThreadJobs <= 0.1));
        if (jobsReason is null)
        {
            var toJobs = all[Agent] / all[Job];
            report.Add(new Row(
                "7",
                $"{batch} at once, per process, against {jobBatch} `Start-Job` at once (one round) then `Receive-Job -Wait`",
                Format.Ms(all[Agent]),
                Format.Ms(all[Job]),
                toJobs,
                "≤ 0.01x (100x faster)",
                toJobs <= 0.01));
        }
        else
        {
            report.Add(new Row("7", $"{batch} at once against `Start-Job`: not measured ({jobsReason})", "-", "-", null, "≤ 0.01x (100x faster)", false));
        }

        report.Add(new Row(
            "7",
            $"{batch} at once, per process, against `Start-Process -PassThru` then `Wait-Process`, and `& /bin/true` in `ForEach-Object -Parallel -ThrottleLimit {batch}`",
            Format.Ms(all[Agent]),
            Format.Ms(all[StartProcess]) + " / " + Format.Ms(all[Native]),
            all[Agent] / all[StartProcess]));
    }

    /// <summary>Milliseconds per process of <paramref name="count"/> runs of <paramref name="script"/> (or one run of <paramref name="count"/> at once), timed inside PowerShell.</summary>
    private static double Time(Runspace runspace, string script, int count, bool atOnce = false)
    {
        var body = atOnce
            ? $"param($n) $sw = [Diagnostics.Stopwatch]::StartNew(); {script}; $ms = $sw.Elapsed.TotalMilliseconds; if (@($c).Count -ne $n -or @($c | Where-Object {{ $_ -ne 0 }}).Count) {{ throw \"exit codes: $c\" }}; $ms / $n"
            : $"param($n) $sw = [Diagnostics.Stopwatch]::StartNew(); for ($i = 0; $i -lt $n; $i++) {{ {script}; if ($c -ne 0) {{ throw \"exit code $c\" }} }}; $sw.Elapsed.TotalMilliseconds / $n";
        var result = Invoke(runspace, body, count);
        return Convert.ToDouble(result.Last().BaseObject, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IReadOnlyList<PSObject> Invoke(Runspace runspace, string script, params object[] arguments)
    {
        using var shell = PowerShell.Create(runspace);
        shell.AddScript(script);
        foreach (var argument in arguments)
        {
            shell.AddArgument(argument);
        }

        var output = shell.Invoke();
        if (shell.HadErrors)
        {
            throw new InvalidOperationException("PowerShell reported: " + string.Join("; ", shell.Streams.Error.Select(e => e.ToString())));
        }

        return output;
    }

    /// <summary>$PSHOME of the pwsh pinned in .config/dotnet-tools.json, asked of that pwsh from the repository root.</summary>
    private static string PinnedPwshHome()
    {
        var root = RepositoryRoot() ?? throw new InvalidOperationException("No .config/dotnet-tools.json above the current directory: run the benchmarks from the repository.");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME" })
        {
            info.ArgumentList.Add(argument);
        }

        using var pwsh = Process.Start(info)!;
        var home = pwsh.StandardOutput.ReadToEnd().Trim();
        pwsh.WaitForExit();
        return pwsh.ExitCode == 0 && Directory.Exists(home)
            ? home
            : throw new InvalidOperationException("`dotnet pwsh` did not answer with its $PSHOME: run `dotnet tool restore` first.");
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>Links the pinned pwsh where Start-Job looks for it; null when that worked, else why not.</summary>
    private static string? EnableStartJob(string pwshHome)
    {
        var target = Path.Combine(pwshHome, "pwsh");
        var link = Path.Combine(Path.GetDirectoryName(typeof(PSObject).Assembly.Location)!, "pwsh");
        try
        {
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, target);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "no pwsh beside the hosted runtime: " + ex.Message;
        }
    }
}
