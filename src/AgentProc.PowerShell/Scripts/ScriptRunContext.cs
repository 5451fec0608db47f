using System;
using System.Collections;
using System.Collections.Generic;
using AgentProc.Platform;
using Microsoft.Extensions.Logging;

namespace AgentProc.Scripts;

/// <summary>
/// What every script of one run shares: the session settings as they were when the run started (a
/// setting changed mid-run does not reach scripts already queued), the environment layers and the
/// services. Immutable.
/// </summary>
internal sealed class ScriptRunContext
{
    public ScriptRunContext(ScriptRunnerOptions options, ScriptRunRequest request, IScriptObserver observer, IProcessPlatform platform, TimeProvider time, ILogger logger)
    {
        Stage = request.Stage;
        LogDirectory = options.LogDirectory;
        DataDirectory = options.DataDirectory;
        BinDirectory = options.BinDirectory;
        GracePeriod = options.GracePeriod;
        PipeDelay = options.PipeDelay;
        HeadBytes = options.HeadBytes;
        TailBytes = options.TailBytes;
        MaxLineLength = options.MaxLineLength;
        LogFileMaxBytes = options.LogFileMaxBytes;
        WaitingReportInterval = options.WaitingReportInterval;
        InheritedEnvironment = request.InheritedEnvironment ?? Environment.GetEnvironmentVariables();
        DefaultEnvironment = request.DefaultEnvironment;
        Observer = observer;
        Platform = platform;
        Time = time;
        Logger = logger;
    }

    public AgentScriptStage Stage { get; }

    public string LogDirectory { get; }

    public string DataDirectory { get; }

    public string BinDirectory { get; }

    public TimeSpan GracePeriod { get; }

    public TimeSpan PipeDelay { get; }

    public int HeadBytes { get; }

    public int TailBytes { get; }

    public int MaxLineLength { get; }

    public long LogFileMaxBytes { get; }

    public TimeSpan WaitingReportInterval { get; }

    public IDictionary InheritedEnvironment { get; }

    public IReadOnlyDictionary<string, string?>? DefaultEnvironment { get; }

    public IScriptObserver Observer { get; }

    public IProcessPlatform Platform { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }
}
