using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Scripts;
using AgentProc.Tests.Infrastructure;

namespace AgentProc.Tests.Scripts;

/// <summary>
/// A runner over a fresh temporary directory (logs, data, the caller's directory), with a short grace
/// period so tests stay quick. The pipe delay stays a few seconds: it costs nothing when pipes close
/// at the exit, and on a loaded machine a reader (or a sibling's fork holding the pipe until its exec)
/// can lag well behind a quick script. Disposing closes the runner, which ends every process its
/// scripts started, then removes the directory.
/// </summary>
internal sealed class ScriptTestHarness : IDisposable
{
    private readonly TempDirectory temp = new();

    public ScriptTestHarness(Action<ScriptRunnerOptions>? configure = null, AgentProc.Platform.IProcessPlatform? platform = null)
    {
        Options = new ScriptRunnerOptions
        {
            LogDirectory = System.IO.Path.Combine(temp.Path, "logs"),
            DataDirectory = System.IO.Path.Combine(temp.Path, "data"),
            GracePeriod = TimeSpan.FromSeconds(1),
            PipeDelay = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(Options);
        Runner = new ScriptRunner(Options, Logger, platform: platform);
    }

    public ListLogger Logger { get; } = new();

    public ScriptRunnerOptions Options { get; }

    public ScriptRunner Runner { get; }

    public RecordingObserver Observer { get; } = new();

    /// <summary>The temporary directory: also the caller's directory of every run.</summary>
    public string Path => temp.Path;

    public string File(string relative) => System.IO.Path.Combine(temp.Path, relative);

    /// <summary>Writes a script file into the directory, executable (0700) or not (0600), and returns its path.</summary>
    public string WriteScript(string name, string text, bool executable)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        FileModes.Set(path, executable ? FileModes.OwnerOnly : FileModes.OwnerReadWrite);
        return path;
    }

    public ScriptRunRequest Request(int? throttle = null, AgentScriptStage stage = AgentScriptStage.Manual, IReadOnlyDictionary<string, string?>? defaults = null) =>
        new() { CallerDirectory = temp.Path, ThrottleLimit = throttle, Stage = stage, DefaultEnvironment = defaults };

    public Task<IReadOnlyList<AgentScriptResult>> RunAsync(params ScriptDefinition[] scripts) =>
        RunAsync(Request(), CancellationToken.None, scripts);

    public Task<IReadOnlyList<AgentScriptResult>> RunAsync(ScriptRunRequest request, CancellationToken cancellationToken, params ScriptDefinition[] scripts) =>
        Eventually.Within(Runner.RunAsync(scripts, request, Observer, cancellationToken), "the run ends");

    public async Task<AgentScriptResult> RunOneAsync(ScriptDefinition script) => (await RunAsync(script)).Single();

    public static ScriptDefinition Sh(string name, string script) => new(name) { Script = script };

    /// <summary>
    /// Runs a script of <paramref name="steps"/>, each written only once the one before has reached the log
    /// (a gate file the test creates then): on a loaded machine the reader may lag, and what is pending on
    /// both pipes at once is read stdout first, whatever order it was written in.
    /// </summary>
    public async Task<AgentScriptResult> RunInStepsAsync(string name, params (string Command, string Logged)[] steps)
    {
        var script = new System.Text.StringBuilder();
        for (var i = 0; i < steps.Length; i++)
        {
            script.Append(steps[i].Command).Append('\n');
            if (i < steps.Length - 1)
            {
                script.Append("while [ ! -e '").Append(File("gate-" + name + i)).Append("' ]; do sleep 0.02; done\n");
            }
        }

        var run = RunOneAsync(Sh(name, script.ToString()));
        var log = System.IO.Path.Combine(Options.LogDirectory, "agentproc-script-" + name + ".log");
        var expected = string.Empty;
        for (var i = 0; i < steps.Length - 1; i++)
        {
            expected += steps[i].Logged;
            await Eventually.TrueAsync(() => System.IO.File.Exists(log) && LoggedOutput(log).EndsWith(expected, System.StringComparison.Ordinal), $"step {i} reaches the log");
            System.IO.File.WriteAllText(File("gate-" + name + i), string.Empty);
        }

        return await Eventually.Within(run, "the script ends");
    }

    // The log's output so far: after its header line (a line break inserted where the streams meet included).
    private static string LoggedOutput(string log)
    {
        var text = System.IO.File.ReadAllText(log);
        var start = text.IndexOf("===\n", System.StringComparison.Ordinal);
        return start < 0 ? string.Empty : text.Substring(start + 4);
    }

    public void Dispose()
    {
        Runner.Dispose();
        temp.Dispose();
    }
}
