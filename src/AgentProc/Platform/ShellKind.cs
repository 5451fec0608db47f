namespace AgentProc.Platform;

/// <summary>Which shell runs a command line.</summary>
public enum ShellKind
{
    /// <summary>The platform shell: <c>/bin/sh -c</c> on Unix, <c>cmd.exe /c</c> on Windows.</summary>
    Default,
    /// <summary><c>/bin/sh</c> (Unix only).</summary>
    Sh,
    /// <summary><c>bash</c> from PATH (Unix, or Windows when installed).</summary>
    Bash,
    /// <summary><c>cmd.exe</c> (Windows only).</summary>
    Cmd,
    /// <summary>PowerShell 7 (<c>pwsh</c>) from PATH.</summary>
    Pwsh,
    /// <summary>Windows PowerShell 5.1 (<c>powershell.exe</c> in the system directory; Windows only).</summary>
    PowerShell,
}
