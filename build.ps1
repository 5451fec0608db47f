#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests and packages the AgentProc module.
.DESCRIPTION
    Build:   dotnet publish (Release) and lay the module out in out/AgentProc, ready for Import-Module.
    Test:    the xunit suite (dotnet test), then the Pester suite in a fresh child pwsh against out/AgentProc.
    Demo:    import out/AgentProc in a fresh pwsh and start, read and stop a process.
    Package: zip out/AgentProc to out/AgentProc-<version>.zip.
    Any failure stops the script with a non-zero exit code.
.EXAMPLE
    ./build.ps1                      # Build
.EXAMPLE
    ./build.ps1 -Task Build, Test    # what CI does when pwsh is present
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'UnitTest', 'PesterTest', 'Demo', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
# The version lives only in the manifest; dotnet gets it from here.
$version = (Import-PowerShellDataFile -Path (Join-Path $root 'AgentProc.psd1')).ModuleVersion
$outRoot = Join-Path $root 'out'
$moduleDir = Join-Path $outRoot 'AgentProc'
$resultsDir = Join-Path $outRoot 'TestResults'

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask {
    $publish = Join-Path $outRoot 'publish'
    Remove-Item -LiteralPath $publish, $moduleDir -Recurse -Force -ErrorAction Ignore
    Invoke-Native 'dotnet publish' {
        dotnet publish (Join-Path $root 'src/AgentProc.PowerShell/AgentProc.PowerShell.csproj') -c $Configuration -o $publish "-p:Version=$version" --nologo
    }
    New-Item -ItemType Directory -Path $moduleDir | Out-Null
    Copy-Item -Path (Join-Path $publish '*.dll') -Destination $moduleDir
    Copy-Item -Path (Join-Path $publish 'AgentProc.Format.ps1xml') -Destination $moduleDir
    $help = Join-Path $publish 'en-US'
    if (Test-Path $help) { Copy-Item -Path $help -Destination $moduleDir -Recurse }
    Copy-Item -Path (Join-Path $root 'AgentProc.psd1') -Destination $moduleDir
    # pwsh supplies System.Management.Automation; a copy beside the module would shadow it.
    Remove-Item -LiteralPath (Join-Path $moduleDir 'System.Management.Automation.dll') -ErrorAction Ignore
    Write-Host "Module laid out in $moduleDir"
}

function Invoke-UnitTestTask {
    Invoke-Native 'dotnet test' {
        dotnet test (Join-Path $root 'AgentProc.sln') -c $Configuration --nologo --logger 'trx;LogFileName=unit.trx' --results-directory $resultsDir
    }
}

function Invoke-PesterTestTask {
    if (-not (Test-Path (Join-Path $moduleDir 'AgentProc.psd1'))) { Invoke-BuildTask }
    New-Item -ItemType Directory -Path $resultsDir -Force | Out-Null
    $script = {
        param($TestPath, $ResultPath)
        $pester = Get-Module -ListAvailable Pester | Where-Object Version -GE '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
        if (-not $pester) { throw 'Pester 5 is required: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser' }
        Import-Module $pester
        $config = New-PesterConfiguration
        $config.Run.Path = $TestPath
        $config.Run.Exit = $true
        $config.Output.Verbosity = 'Detailed'
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputFormat = 'NUnitXml'
        $config.TestResult.OutputPath = $ResultPath
        Invoke-Pester -Configuration $config
    }
    # A fresh pwsh, so the module under test is not already loaded in this one.
    Invoke-Native 'Pester' {
        pwsh -NoProfile -NonInteractive -Command $script -args (Join-Path $root 'tests/Pester'), (Join-Path $resultsDir 'pester.xml')
    }
}

function Invoke-DemoTask {
    if (-not (Test-Path (Join-Path $moduleDir 'AgentProc.psd1'))) { Invoke-BuildTask }
    $demo = {
        param($Module)
        Import-Module $Module
        $p = Start-AgentProcess 'echo "hello from $(uname -s)"; sleep 1; echo done' -Name demo
        Get-AgentProcess | Format-Table
        $p | Wait-AgentProcess | Receive-AgentProcessOutput | Format-List
        $s = Start-AgentProcess 'sleep 600' -Name sleeper
        $s | Stop-AgentProcess -PassThru | Wait-AgentProcess | Format-Table
    }
    Invoke-Native 'Demo' { pwsh -NoProfile -NonInteractive -Command $demo -args $moduleDir }
}

function Invoke-PackageTask {
    if (-not (Test-Path (Join-Path $moduleDir 'AgentProc.psd1'))) { Invoke-BuildTask }
    $zip = Join-Path $outRoot "AgentProc-$version.zip"
    Compress-Archive -Path $moduleDir -DestinationPath $zip -Force
    Write-Host "Packaged $zip"
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-BuildTask; Invoke-UnitTestTask; Invoke-PesterTestTask }
        'UnitTest' { Invoke-UnitTestTask }
        'PesterTest' { Invoke-PesterTestTask }
        'Demo' { Invoke-DemoTask }
        'Package' { Invoke-PackageTask }
    }
}
