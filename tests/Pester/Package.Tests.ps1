BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:moduleDir = Split-Path -Parent $script:ModuleManifest
    $script:version = (Import-PowerShellDataFile -Path $script:ModuleManifest).ModuleVersion

    # Runs a script in a fresh pwsh whose home is $HomeDir, so PSResourceGet's repository list and the
    # CurrentUser module path (PSResourceGet installs under $HOME/.local/share, the module path
    # follows XDG_DATA_HOME) are temporary: nothing of this machine's setup is read or changed.
    function Invoke-IsolatedPwsh {
        param([string] $HomeDir, [string] $Script)
        $saved = $env:HOME, $env:XDG_DATA_HOME
        $env:HOME = $HomeDir
        $env:XDG_DATA_HOME = Join-Path $HomeDir '.local/share'
        # .NET reports a per-user folder that does not exist yet as '' (and PSResourceGet then writes
        # relative to the working directory), so the folders exist first and the child runs in $HomeDir.
        New-Item -ItemType Directory -Path $env:XDG_DATA_HOME -Force | Out-Null
        Push-Location -LiteralPath $HomeDir
        try {
            $out = & (Get-PwshPath) -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'; $Script" 2>&1 | Out-String
            if ($LASTEXITCODE -ne 0) { throw "pwsh exited with $LASTEXITCODE`:`n$out" }
            $out
        }
        finally {
            Pop-Location
            $env:HOME, $env:XDG_DATA_HOME = $saved
        }
    }
}

Describe 'The module installs the normal way, with PSResourceGet' -Skip:(-not $IsLinux) {
    BeforeAll {
        $script:homeDir = Join-Path (Get-Item TestDrive:).FullName home
        $script:repository = Join-Path (Get-Item TestDrive:).FullName repository
        New-Item -ItemType Directory -Path $homeDir, $repository | Out-Null
    }

    It 'publishes to a temporary local repository, installs from it, and the installed copy runs a process in a fresh pwsh' {
        $publish = Invoke-IsolatedPwsh $homeDir @"
Register-PSResourceRepository -Name AgentProcTest -Uri '$repository' -Trusted
Publish-PSResource -Path '$moduleDir' -Repository AgentProcTest
`$found = Find-PSResource -Name AgentProc -Repository AgentProcTest
"FOUND=`$(`$found.Name) `$(`$found.Version) `$(`$found.LicenseUri) `$(`$found.Tags -join ',')"
Install-PSResource -Name AgentProc -Repository AgentProcTest -TrustRepository -Scope CurrentUser
"@
        Join-Path $repository "AgentProc.$version.nupkg" | Should -Exist
        $publish | Should -Match "FOUND=AgentProc $([regex]::Escape($version)) https://\S+/LICENSE \S*PSEdition_Core"

        $installed = Join-Path $homeDir ".local/share/powershell/Modules/AgentProc/$version"
        foreach ($file in 'AgentProc.psd1', 'AgentProc.PowerShell.dll', 'AgentProc.Format.ps1xml', 'LICENSE', 'en-US/AgentProc.PowerShell.dll-Help.xml') {
            Join-Path $installed $file | Should -Exist
        }
        Join-Path $homeDir .local/share/PSResourceGet/PSResourceRepository.xml | Should -Exist

        # By name, as a user would: found on the CurrentUser module path, not from out/.
        $run = Invoke-IsolatedPwsh $homeDir @"
Import-Module AgentProc
"BASE=`$((Get-Module AgentProc).ModuleBase)"
`$p = Start-AgentProcess 'echo installed-and-running' -Wait
"EXIT=`$(`$p.ExitCode)"
(`$p | Receive-AgentProcessOutput).Output
"@
        $run | Should -Match ("BASE=" + [regex]::Escape($installed))
        $run | Should -Match 'EXIT=0'
        $run | Should -Match 'installed-and-running'
    }

    It 'build.ps1 -Task Package writes out/repository/AgentProc.<version>.nupkg and leaves the repository list as it was' {
        $root = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
        $package = Join-Path $root "out/repository/AgentProc.$version.nupkg"
        $root | Should -Not -BeNullOrEmpty
        $before = Invoke-IsolatedPwsh $homeDir '(Get-PSResourceRepository).Name -join ","'
        Invoke-IsolatedPwsh $homeDir "& '$root/build.ps1' -Task Package" | Should -Match 'Packaged'
        $package | Should -Exist
        Invoke-IsolatedPwsh $homeDir '(Get-PSResourceRepository).Name -join ","' | Should -Be $before
    }
}
