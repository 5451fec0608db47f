#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests and packages the AgentProc module.
.DESCRIPTION
    Build:   dotnet publish (Release) and lay the module out in out/AgentProc, ready for Import-Module.
    Test:    Build, then the style check (dotnet format --verify-no-changes), the xunit suite (dotnet test)
             and the Pester suite (a fresh child pwsh against out/AgentProc); all three always run, and
             the task fails if any failed.
    UnitTest, PesterTest: one suite each.
    Demo:    import out/AgentProc in a fresh pwsh and start, read and stop a process.
    Package: Build if needed, then Publish-PSResource out/AgentProc into the local folder repository
             out/repository, which holds AgentProc.<version>.nupkg.
    Any failure stops the script with a non-zero exit code.
.EXAMPLE
    ./build.ps1                      # Build
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Task Test    # every test: what CI runs
.NOTES
    Needs only the .NET SDK: PowerShell comes from the local tool manifest (.config/dotnet-tools.json),
    Pester from its NuGet package through tools/PesterModule, laid out in out/modules.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'UnitTest', 'PesterTest', 'FormatCheck', 'Demo', 'Package')]
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
$modulesDir = Join-Path $outRoot 'modules'
# The pwsh that runs this script: as a .NET tool (Get-Process).Path is dotnet, so take $PSHOME's.
$pwsh = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))

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
    Invoke-Native 'dotnet publish (load context)' {
        dotnet publish (Join-Path $root 'src/AgentProc.LoadContext/AgentProc.LoadContext.csproj') -c $Configuration -o (Join-Path $publish 'loadcontext') "-p:Version=$version" --nologo
    }
    # The module assembly and the load context beside the manifest; the engine and every dependency
    # in lib/, where PowerShell's own probing does not look (EngineLoader loads them from there).
    $lib = Join-Path $moduleDir 'lib'
    New-Item -ItemType Directory -Path $lib | Out-Null
    Copy-Item -Path (Join-Path $publish 'AgentProc.PowerShell.dll') -Destination $moduleDir
    Copy-Item -Path (Join-Path $publish 'loadcontext/AgentProc.LoadContext.dll') -Destination $moduleDir
    # pwsh supplies System.Management.Automation; a copy would shadow it.
    Get-ChildItem -Path $publish -Filter '*.dll' |
        Where-Object Name -NotIn 'AgentProc.PowerShell.dll', 'System.Management.Automation.dll' |
        Copy-Item -Destination $lib
    Copy-Item -Path (Join-Path $publish 'AgentProc.Format.ps1xml'), (Join-Path $publish 'AgentProc.Types.ps1xml') -Destination $moduleDir
    $help = Join-Path $publish 'en-US'
    if (Test-Path $help) { Copy-Item -Path $help -Destination $moduleDir -Recurse }
    Copy-Item -Path (Join-Path $root 'AgentProc.psd1'), (Join-Path $root 'AgentProc.Loader.ps1'), (Join-Path $root 'LICENSE') -Destination $moduleDir
    Write-Host "Module laid out in $moduleDir"
}

function Invoke-UnitTestTask {
    Remove-Item -LiteralPath (Join-Path $resultsDir 'unit.trx') -ErrorAction Ignore
    Invoke-Native 'dotnet test' {
        dotnet test (Join-Path $root 'AgentProc.sln') -c $Configuration --nologo --logger 'trx;LogFileName=unit.trx' --results-directory $resultsDir
    }
}

function Invoke-PesterTestTask {
    if (-not (Test-Path (Join-Path $moduleDir 'AgentProc.psd1'))) { Invoke-BuildTask }
    # Pester from its NuGet package, laid out as a module in out/modules.
    Invoke-Native 'Pester restore' { dotnet build (Join-Path $root 'tools/PesterModule/PesterModule.csproj') --nologo -v quiet }
    New-Item -ItemType Directory -Path $resultsDir -Force | Out-Null
    $resultPath = Join-Path $resultsDir 'pester.xml'
    Remove-Item -LiteralPath $resultPath -ErrorAction Ignore
    $script = {
        param($ModulesDir, $TestPath, $ResultPath)
        # Our Pester first, so no other copy on the machine is picked up.
        $env:PSModulePath = $ModulesDir + [IO.Path]::PathSeparator + $env:PSModulePath
        Import-Module Pester -RequiredVersion 5.9.1 -ErrorAction Stop
        $config = New-PesterConfiguration
        $config.Run.Path = $TestPath
        $config.Run.Exit = $true
        $config.Output.Verbosity = 'Normal'
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputFormat = 'NUnitXml'
        $config.TestResult.OutputPath = $ResultPath
        Invoke-Pester -Configuration $config
    }
    # A fresh pwsh, so the module under test is not already loaded in this one.
    Invoke-Native 'Pester' {
        & $pwsh -NoProfile -NonInteractive -Command $script -args $modulesDir, (Join-Path $root 'tests/Pester'), $resultPath
    }
}

# The code style (.editorconfig): `dotnet format` would change nothing.
function Invoke-FormatCheckTask {
    Invoke-Native 'dotnet format --verify-no-changes' {
        dotnet format (Join-Path $root 'AgentProc.sln') --verify-no-changes
    }
    # Not in the solution: a self-contained win-x64 program, published only by its Pester test.
    Invoke-Native 'dotnet format --verify-no-changes (tests/Wine)' {
        dotnet format (Join-Path $root 'tests/Wine/AgentProc.WineChecks.csproj') --verify-no-changes
    }
}

# The style check and both suites run whatever the one before did; the task fails if any failed.
function Invoke-TestTask {
    Invoke-BuildTask
    $failures = @()
    foreach ($step in @('FormatCheck', 'UnitTest', 'PesterTest')) {
        try { & "Invoke-$($step)Task" }
        catch { $failures += "$step`: $($_.Exception.Message)" }
    }
    if ($failures) { throw ($failures -join [Environment]::NewLine) }
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
    Invoke-Native 'Demo' { & $pwsh -NoProfile -NonInteractive -Command $demo -args $moduleDir }
}

function Invoke-PackageTask {
    if (-not (Test-Path (Join-Path $moduleDir 'AgentProc.psd1'))) { Invoke-BuildTask }
    # PSResourceGet (shipped with PowerShell 7.4+) writes the .nupkg: published into a local folder
    # repository, registered only for this call so the user's repository list is left as it was.
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    $repository = Join-Path $outRoot 'repository'
    New-Item -ItemType Directory -Path $repository -Force | Out-Null
    $nupkg = Join-Path $repository "AgentProc.$version.nupkg"
    Remove-Item -LiteralPath $nupkg -ErrorAction Ignore
    $name = "AgentProcBuild-$([guid]::NewGuid().ToString('n'))"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    if (-not (Test-Path -LiteralPath $nupkg)) { throw "Publish-PSResource wrote no $nupkg." }
    Write-Host "Packaged $nupkg (Install-PSResource AgentProc -Repository <a repository at $repository>)"
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'UnitTest' { Invoke-UnitTestTask }
        'PesterTest' { Invoke-PesterTestTask }
        'FormatCheck' { Invoke-FormatCheckTask }
        'Demo' { Invoke-DemoTask }
        'Package' { Invoke-PackageTask }
    }
}
