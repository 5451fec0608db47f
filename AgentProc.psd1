@{
    RootModule             = 'AgentProc.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5d0c8d8e-3f9a-4a57-9a0e-6c1f2b7e4a11'
    Author                 = 'AgentProc developers'
    CompanyName            = 'AgentProc'
    Copyright              = '(c) 2026 AgentProc developers. MIT License.'
    Description            = 'Start, watch, read, signal and clean up child processes, and run scripts with timeouts, logs, ordering and cron schedules, from a PowerShell session.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    # Older .NET Framework builds cannot load netstandard2.0 assemblies.
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('AgentProc.Format.ps1xml')
    # Installs the engine loader before PowerShell inspects the cmdlets (see EngineLoader).
    ScriptsToProcess       = @('AgentProc.Loader.ps1')
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
            # PSEdition_* and the platform tags are what the gallery and Find-PSResource -Tag filter on.
            Tags         = @('process', 'supervisor', 'cron', 'scheduler', 'scripts', 'timeout', 'signal', 'PSEdition_Desktop', 'PSEdition_Core', 'Linux', 'macOS', 'Windows')
            LicenseUri   = 'https://github.com/agentproc/AgentProc/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/agentproc/AgentProc'
            ReleaseNotes = @'
0.1.0: the first release. Start, read, signal, wait for and clean up child processes in bounded
head+tail buffers, with whole process groups and no process outliving its session; run scripts in
parallel with timeouts, logs, data directories and dependencies; cron schedules with seconds, time
zones and on-close scripts. Conceptual help: Get-Help about_AgentProc.
'@
        }
    }
}
