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

    public void Dispose()
    {
        Runner.Dispose();
        temp.Dispose();
    }
}
