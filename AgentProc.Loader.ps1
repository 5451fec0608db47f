# Run by the manifest (ScriptsToProcess) before the module is imported: PowerShell inspects the
# cmdlets, whose parameters are engine types, before the module's own code can run, so the loader
# that finds the engine in lib/ (in a private load context on PowerShell 7) is installed here first.
$module = Join-Path $PSScriptRoot 'AgentProc.PowerShell.dll'
[System.Reflection.Assembly]::LoadFrom($module).GetType('AgentProc.Hosting.EngineLoader', $true).GetMethod('Install').Invoke($null, $null) | Out-Null
