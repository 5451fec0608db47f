using System;
using System.IO;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>Where the PowerShell executables are on Windows, for <c>-Shell PowerShell</c> and <c>.ps1</c> script files.</summary>
internal static class PowerShellExecutables
{
    /// <summary>Windows PowerShell 5.1: always in the system directory, whatever PATH holds.</summary>
    public static string WindowsPowerShell =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "WindowsPowerShell", "v1.0", "powershell.exe");

    /// <summary>
    /// The PowerShell the module runs in, so a <c>.ps1</c> file meets the same language: powershell.exe
    /// under Windows PowerShell 5.1 (.NET Framework), else the pwsh.exe beside the running runtime
    /// ($PSHOME), or pwsh.exe from PATH when there is none (pwsh hosted by another program).
    /// </summary>
    public static string Current()
    {
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            return WindowsPowerShell;
        }

        var besideRuntime = Path.Combine(AppContext.BaseDirectory, "pwsh.exe");
        return File.Exists(besideRuntime) ? besideRuntime : "pwsh.exe";
    }
}
