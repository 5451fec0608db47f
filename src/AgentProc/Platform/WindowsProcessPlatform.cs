using AgentProc.Processes;

namespace AgentProc.Platform;

/// <summary>
/// Windows: the shell is <c>cmd.exe /d /s /c</c> (or pwsh, powershell.exe, bash) and the command line is
/// built as <see cref="WindowsCommandLine"/> says. The child is created suspended, put in a Job Object
/// (kill on close) and only then resumed (<see cref="WindowsStartedProcess"/>), so the job holds every
/// process the child starts, from its first instruction on: "the whole group" is the job, and nothing
/// escapes it. Windows has no SIGTERM for arbitrary processes: every signal terminates the job (exit code
/// 128+signal, so callers see the same numbers as on Unix).
/// </summary>
internal sealed class WindowsProcessPlatform : IProcessPlatform
{
    public bool EnvironmentIsCaseSensitive => false;

    public IStartedProcess Start(ChildStartInfo info) => WindowsStartedProcess.Start(WindowsCommandLine.For(info), info);
}
