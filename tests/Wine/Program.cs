using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.WineChecks;

// Each check prints one line, "PASS <name>" or "FAIL <name>: <why>"; the names are what the Pester file
// expects, one It each. Every child is ended by its job (the `using` disposes close it).
var checks = new WindowsChecks();
await checks.RunAllAsync();
return checks.Failures;

namespace AgentProc.WineChecks
{
    internal sealed class WindowsChecks
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
        private readonly WindowsProcessPlatform platform = new();
        private readonly Dictionary<string, string> environment = new(StringComparer.OrdinalIgnoreCase);
        private readonly string directory = Path.GetTempPath();

        public WindowsChecks()
        {
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
            }

            environment["AGENTPROC_WINE_CHECK"] = "from-the-block";
        }

        public int Failures { get; private set; }

        public async Task RunAllAsync()
        {
            await OutputEnvironmentAndExitCode();
            await StderrApart();
            await StdinReadsEndOfFile();
            await KillEndsTheJobWithItsGrandchild();
            MissingDirectory();
            await AbandonedReaderCompletes();
            DisposeEndsTheTree();
        }

        private async Task OutputEnvironmentAndExitCode()
        {
            var run = await RunAsync("echo out& echo err 1>&2& echo %AGENTPROC_WINE_CHECK%& exit /b 3");
            Check("exit-code", run.Code == 3, "exit code " + run.Code);
            Check("stdout-and-stderr-in-one-pipe", run.Output.Contains("out") && run.Output.Contains("err"), run.Output);
            Check("environment-block", run.Output.Contains("from-the-block"), run.Output);
            Check("end-of-file", run.ReadDone, "the reader did not reach end-of-file");
        }

        private async Task StderrApart()
        {
            var errors = new Sink();
            var run = await RunAsync("echo out& echo err 1>&2& exit /b 4", errors: errors);
            Check("stderr-apart", run.Code == 4 && run.Output.Trim() == "out" && errors.Text.Trim() == "err", "stdout '" + run.Output + "', stderr '" + errors.Text + "'");
        }

        private async Task StdinReadsEndOfFile()
        {
            var run = await RunAsync("set /p x=& echo after-stdin");
            Check("stdin-end-of-file", run.Output.Contains("after-stdin"), run.Output);
        }

        private async Task KillEndsTheJobWithItsGrandchild()
        {
            var run = await RunAsync("start /b cmd /c ping -n 60 127.0.0.1 >nul& ping -n 60 127.0.0.1 >nul", whileRunning: started =>
            {
                Eventually(() => ProcessNamed("ping"), "the pings run");
                Check("group-alive", started.Group.IsAlive, "the job reads empty while its processes run");
                Check("kill-signal-sent", started.Group.Signal(ProcessSignal.Kill), "TerminateJobObject was refused");
                Check("group-gone-after-kill", Eventually(() => !started.Group.IsAlive, "the job empties"), "the job still holds processes");
            });
            Check("killed-exit-code", run.Code == 137, "exit code " + run.Code);
            Check("grandchild-in-the-job", run.ReadDone && !ProcessNamed("ping"), "a grandchild outlived the job, or held the pipe");
        }

        private void MissingDirectory()
        {
            try
            {
                platform.Start(new ChildStartInfo("echo x", Path.Combine(directory, "no-such-dir-" + Guid.NewGuid()), environment)).Dispose();
                Check("missing-directory", false, "the start succeeded");
            }
            catch (AgentProcException ex)
            {
                Check("missing-directory", ex.ErrorId == "AgentProcessWorkingDirectoryNotFound", ex.ErrorId);
            }
            catch (Exception ex)
            {
                Check("missing-directory", false, ex.GetType().Name + ": " + ex.Message);
            }
        }

        private async Task AbandonedReaderCompletes()
        {
            var run = await RunAsync("start /b cmd /c ping -n 30 127.0.0.1 >nul& echo parent-exits", abandonAfter: TimeSpan.FromMilliseconds(500));
            Check("abandoned-reader-completes", run.Code == 0 && run.ReadDone && run.Output.Contains("parent-exits"), "exit code " + run.Code + ", reading done " + run.ReadDone);
        }

        private void DisposeEndsTheTree()
        {
            var started = platform.Start(new ChildStartInfo("start /b cmd /c ping -n 60 127.0.0.1 >nul& ping -n 60 127.0.0.1 >nul", directory, environment));
            Eventually(() => ProcessNamed("ping"), "the pings run");
            started.Dispose();
            Check("dispose-ends-the-tree", Eventually(() => !ProcessNamed("ping"), "the pings end"), "a ping outlived the disposed process's job");
        }

        private async Task<(int Code, string Output, bool ReadDone)> RunAsync(string command, TimeSpan? abandonAfter = null, Action<IStartedProcess>? whileRunning = null, Sink? errors = null)
        {
            using var started = platform.Start(new ChildStartInfo(command, directory, environment) { SeparateStandardError = errors != null });
            var output = new Sink();
            using var abandon = new CancellationTokenSource();
            var reading = started.ReadOutput(errors is null ? new OutputSinks(output) : new OutputSinks(output, errors), abandon.Token);
            whileRunning?.Invoke(started);
            if (await Task.WhenAny(started.Exit, Task.Delay(Bound)) != started.Exit)
            {
                return (-999, output.Text, false);
            }

            if (abandonAfter is { } after)
            {
                await Task.WhenAny(reading, Task.Delay(after));
                abandon.Cancel();
            }

            var readDone = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10))) == reading;
            return (started.Exit.Result, output.Text, readDone);
        }

        private static bool ProcessNamed(string name) =>
            Process.GetProcesses().Any(p => p.ProcessName.Equals(name, StringComparison.OrdinalIgnoreCase));

        // Waits for a condition with a generous bound (Wine on a loaded machine is slow to start things).
        private static bool Eventually(Func<bool> condition, string what)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < Bound)
            {
                if (condition())
                {
                    return true;
                }

                Thread.Sleep(50);
            }

            Console.WriteLine("  (gave up waiting: " + what + ")");
            return false;
        }

        private void Check(string name, bool passed, string why)
        {
            Console.WriteLine(passed ? "PASS " + name : "FAIL " + name + ": " + why.Replace("\r", string.Empty).Replace("\n", "|"));
            if (!passed)
            {
                Failures++;
            }
        }
    }

    /// <summary>Keeps what the reader writes.</summary>
    internal sealed class Sink : IOutputSink
    {
        private readonly MemoryStream bytes = new();

        public string Text
        {
            get
            {
                lock (bytes)
                {
                    return Encoding.UTF8.GetString(bytes.ToArray());
                }
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            lock (bytes)
            {
                bytes.Write(buffer, offset, count);
            }
        }
    }
}
