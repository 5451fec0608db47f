# Shared by every *.Tests.ps1: imports the BUILT module (out/AgentProc), never the repository root.
$ErrorActionPreference = 'Stop'
$script:ModuleManifest = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../out/AgentProc/AgentProc.psd1'))
if (-not (Test-Path -LiteralPath $script:ModuleManifest)) {
    throw "The module is not built: run ./build.ps1 -Task Build first ($script:ModuleManifest is missing)."
}
Import-Module $script:ModuleManifest -Force

# Whether an OS process is alive; zombies count as dead (they cannot run).
function Test-ProcessAlive {
    param([Parameter(Mandatory)] [int] $ProcessId)
    $stat = "/proc/$ProcessId/stat"
    if (Test-Path -LiteralPath $stat) {
        $text = Get-Content -LiteralPath $stat -Raw -ErrorAction SilentlyContinue
        if (-not $text) { return $false }
        $state = $text.Substring($text.LastIndexOf(')') + 2, 1)
        return $state -notin 'Z', 'X'
    }
    if ($IsLinux) { return $false }
    return $null -ne (Get-Process -Id $ProcessId -ErrorAction SilentlyContinue)
}

# Waits for a condition with a generous bound instead of sleeping a fixed time.
function Wait-Until {
    param(
        [Parameter(Mandatory)] [scriptblock] $Condition,
        [string] $Because = 'the condition',
        [int] $TimeoutSeconds = 30
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Not true within $TimeoutSeconds s: $Because" }
        Start-Sleep -Milliseconds 20
    }
}

# A fresh runspace with the module imported, for isolation and Ctrl+C tests.
function New-ModuleRunspace {
    $ps = [powershell]::Create()
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', $script:ModuleManifest).Invoke()
    $ps.Commands.Clear()
    $ps
}

# Runs a script in another runspace as its caller would see it: an error the script lets through
# (a terminating one, or one with -ErrorAction Stop) is thrown here, with its message and error id.
function Invoke-InRunspace {
    param([Parameter(Mandatory)] [powershell] $PowerShell, [Parameter(Mandatory)] [string] $Script)
    $PowerShell.Commands.Clear()
    $PowerShell.Streams.Error.Clear()
    # Stop: in a script, a cmdlet's terminating error only ends its statement; the caller must see it.
    $output = $PowerShell.AddScript('$ErrorActionPreference = ''Stop''; ' + $Script).Invoke()
    if ($PowerShell.Streams.Error.Count -gt 0) { throw $PowerShell.Streams.Error[0] }
    $output
}

# Ends everything a test started in this runspace.
function Clear-AgentProcesses {
    Get-AgentProcess | Remove-AgentProcess -Force -Confirm:$false -ErrorAction SilentlyContinue
}

# The pwsh executable of this PowerShell: as a .NET tool (Get-Process).Path is dotnet, so take $PSHOME's.
function Get-PwshPath {
    Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
}
