BeforeAll { . $PSScriptRoot/common.ps1 }

# Another module (or a user's Add-Type) may have loaded other versions of the engine's dependencies
# into pwsh before AgentProc is imported: the module must still import and work, with its own copies.
Describe 'Dependencies of other versions loaded first' {
    It 'imports and runs processes, scripts and schedules with its own copies in its own load context' {
        $conflicts = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../out/modules/conflicts'))
        (Get-ChildItem $conflicts -Filter *.dll).Count | Should -BeGreaterOrEqual 5
        $script = @"
`$ErrorActionPreference = 'Stop'
foreach (`$dll in Get-ChildItem '$conflicts' -Filter *.dll) { Add-Type -Path `$dll.FullName }
Import-Module '$script:ModuleManifest'
(Start-AgentProcess 'echo isolated' -Wait | Receive-AgentProcessOutput).Output.Trim()
(Invoke-AgentScript -Script 'echo scripted' -Name isolated -Verbose 4>`$null).Status
(Get-AgentCronOccurrence '0 30 9 * * MON-FRI' -TimeZone 'Europe/Berlin' -Count 1).Time.Minute
(Get-AgentSessionLog -MinimumLevel Information | Select-Object -First 1).Level
`$engine = [AgentProc.Processes.AgentProcess].Assembly
[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name
foreach (`$name in 'Microsoft.Extensions.Logging.Abstractions', 'Cronos', 'TimeZoneConverter', 'Microsoft.Bcl.TimeProvider') {
    `$copies = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq `$name }
    "`$name " + ((`$copies | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name } | Sort-Object) -join ',')
}
"@
        $out = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out[0] | Should -Be 'isolated'
        $out[1] | Should -Be 'Ok'
        $out[2] | Should -Be 30
        $out[3] | Should -Be 'Information'
        $out[4] | Should -Be 'AgentProc'
        # The conflicting copy stays in the default context; the engine's is in its own.
        $out[5] | Should -Be 'Microsoft.Extensions.Logging.Abstractions AgentProc,Default'
        $out[6] | Should -Be 'Cronos AgentProc,Default'
        # TimeZoneConverter is loaded by the engine only for a zone the platform does not know.
        $out[7] | Should -BeIn 'TimeZoneConverter Default', 'TimeZoneConverter AgentProc,Default'
        $out[8] | Should -Be 'Microsoft.Bcl.TimeProvider AgentProc,Default'
    }

    It 'lays the engine and its dependencies out in lib, away from PowerShell''s own probing' {
        $moduleDir = Split-Path $script:ModuleManifest
        Test-Path (Join-Path $moduleDir 'lib/AgentProc.dll') | Should -BeTrue
        Test-Path (Join-Path $moduleDir 'lib/Microsoft.Extensions.Logging.Abstractions.dll') | Should -BeTrue
        Test-Path (Join-Path $moduleDir 'AgentProc.dll') | Should -BeFalse
        Test-Path (Join-Path $moduleDir 'Microsoft.Extensions.Logging.Abstractions.dll') | Should -BeFalse
    }
}
