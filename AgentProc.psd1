@{
    RootModule             = 'AgentProc.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5d0c8d8e-3f9a-4a57-9a0e-6c1f2b7e4a11'
    Author                 = 'AgentProc developers'
    CompanyName            = 'AgentProc'
    Copyright              = '(c) AgentProc developers. All rights reserved.'
    Description            = 'Start, watch, read, signal and clean up child processes, and run scripts with timeouts, logs, ordering and cron schedules, from a PowerShell session.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    # Older .NET Framework builds cannot load netstandard2.0 assemblies.
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('AgentProc.Format.ps1xml')
    TypesToProcess         = @('AgentProc.Types.ps1xml')
    CmdletsToExport        = @(
        'Start-AgentProcess'
        'Get-AgentProcess'
        'Receive-AgentProcessOutput'
        'Wait-AgentProcess'
        'Stop-AgentProcess'
        'Remove-AgentProcess'
        'Invoke-AgentScript'
        'Register-AgentScript'
        'Get-AgentScript'
        'Unregister-AgentScript'
        'Get-AgentScriptResult'
        'Get-AgentCronOccurrence'
        'Get-AgentSession'
        'Set-AgentSession'
        'Get-AgentSessionLog'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('process', 'supervisor', 'cron', 'scripts', 'Linux', 'macOS', 'Windows')
        }
    }
}
