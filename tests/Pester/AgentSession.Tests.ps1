BeforeAll { . $PSScriptRoot/common.ps1 }

Describe 'Get-AgentSession and Set-AgentSession' {
    BeforeEach {
        $script:ps = New-ModuleRunspace
    }
    AfterEach { $script:ps.Dispose() }

    It 'shows the defaults of the design' {
        $s = Invoke-InRunspace $ps 'Get-AgentSession'
        $s.HeadBytes | Should -Be 16384
        $s.TailBytes | Should -Be 16384
        $s.MaxLineLength | Should -Be 2048
        $s.Retention | Should -Be ([timespan]::FromMinutes(5))
        $s.DrainDelay | Should -Be ([timespan]::FromSeconds(5))
        $s.ScriptGracePeriod | Should -Be ([timespan]::FromSeconds(10))
        $s.PipeDelay | Should -Be ([timespan]::FromSeconds(10))
    }

    It 'changes sizes for new processes' {
        $out = Invoke-InRunspace $ps "Set-AgentSession -HeadBytes 10 -TailBytes 10; Start-AgentProcess 'seq 1 1000' | Receive-AgentProcessOutput -Wait"
        $out.RetainedBytes | Should -Be 20
        $out.Strategy | Should -Be 'head_tail'
    }

    It 'a bad value is an InvalidArgument error naming it, and changes nothing' {
        { Invoke-InRunspace $ps 'Set-AgentSession -HeadBytes 100 -TailBytes -1 -ErrorAction Stop' } | Should -Throw '*TailBytes*'
        (Invoke-InRunspace $ps 'Get-AgentSession').HeadBytes | Should -Be 16384
    }

    It 'a bad value stops the call with its error id, seen by the caller, in this runspace too' {
        $before = (Get-AgentSession).TailBytes
        { Set-AgentSession -TailBytes -1 } | Should -Throw -ErrorId 'AgentProcessInvalidSize,AgentProc.Commands.SetAgentSessionCommand'
        { Set-AgentSession -HeadBytes 100 -TailBytes -1 } | Should -Throw '*TailBytes*-1*'
        (Get-AgentSession).TailBytes | Should -Be $before
        (Get-AgentSession).HeadBytes | Should -Not -Be 100
    }

    It 'sets the default environment once per session' {
        $out = Invoke-InRunspace $ps "Set-AgentSession -DefaultEnvironment @{ AGENTPROC_DEFAULT = 'yes' }; (Start-AgentProcess 'echo `$AGENTPROC_DEFAULT' | Receive-AgentProcessOutput -Wait).Output"
        $out | Should -Be "yes`n"
        { Invoke-InRunspace $ps "Set-AgentSession -DefaultEnvironment @{ X = 1 } -ErrorAction Stop" } | Should -Throw '*only once*'
    }

    It 'sets the default working directory once, for processes and scripts alike' {
        $wd = (New-Item -ItemType Directory -Path (Join-Path (Get-Item TestDrive:).FullName 'default-wd')).FullName
        $out = Invoke-InRunspace $ps "Set-AgentSession -DefaultWorkingDirectory '$wd'; (Start-AgentProcess 'pwd -P' | Receive-AgentProcessOutput -Wait).Output; (Invoke-AgentScript -Script 'pwd -P' -Name where).Output"
        $out[0].Trim() | Should -Be $wd
        $out[1].Trim() | Should -Be $wd
        { Invoke-InRunspace $ps "Set-AgentSession -DefaultWorkingDirectory '$wd' -ErrorAction Stop" } | Should -Throw '*only once*'
    }

    It 'an empty -SessionLogPath stops writing to the file' {
        $file = Join-Path (Get-Item TestDrive:).FullName 'stopped.log'
        Invoke-InRunspace $ps "Set-AgentSession -SessionLogPath '$file'; Set-AgentSession -SessionLogPath ''; Start-AgentProcess 'exit 0' -Wait" | Out-Null
        (Invoke-InRunspace $ps 'Get-AgentSession').SessionLogPath | Should -BeNullOrEmpty
        (Get-Content -LiteralPath $file -Raw) | Should -Not -Match 'exited with code'
    }

    It 'sets the log and data directories; -WhatIf changes nothing' {
        $logs = Join-Path (Get-Item TestDrive:).FullName 'session-logs'
        Invoke-InRunspace $ps "Set-AgentSession -LogDirectory '$logs' -WhatIf"
        (Invoke-InRunspace $ps 'Get-AgentSession').LogDirectory | Should -Not -Be $logs
        $s = Invoke-InRunspace $ps "Set-AgentSession -LogDirectory '$logs' -PassThru"
        $s.LogDirectory | Should -Be $logs
        (Invoke-InRunspace $ps "Invoke-AgentScript -Script 'true' -Name where").LogPath | Should -BeLike "$logs*"
    }

    It 'Get-AgentSessionLog reads background events, and -SessionLogPath writes them to a file' {
        $file = Join-Path (Get-Item TestDrive:).FullName 'session.log'
        Invoke-InRunspace $ps "Set-AgentSession -SessionLogPath '$file'; Start-AgentProcess 'exit 7' -Name logged -Wait" | Out-Null
        Wait-Until { (Invoke-InRunspace $ps 'Get-AgentSessionLog').Message -match 'exited with code 7' } 'the exit is logged'
        (Invoke-InRunspace $ps 'Get-AgentSessionLog -Tail 1').Count | Should -Be 1
        (Invoke-InRunspace $ps 'Get-AgentSessionLog -MinimumLevel Warning') | Where-Object Level -LT 'Warning' | Should -BeNullOrEmpty
        Get-Content -LiteralPath $file -Raw | Should -Match 'exited with code 7'
    }
}

Describe 'Module' {
    BeforeDiscovery {
        $script:cmdlets = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../AgentProc.psd1')).CmdletsToExport
    }

    It 'exports exactly the manifest''s cmdlets' {
        # Discovery-time variables are gone at run time in Pester 5: read the manifest again here.
        $expected = (Import-PowerShellDataFile $script:ModuleManifest).CmdletsToExport | Sort-Object
        $exported = (Get-Module AgentProc).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be $expected
    }

    It 'declares editions, version and the format file' {
        $manifest = Import-PowerShellDataFile $script:ModuleManifest
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FormatsToProcess | Should -Contain 'AgentProc.Format.ps1xml'
    }

    It '<_> has full help: synopsis, description, every parameter and two examples' -ForEach $cmdlets {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without help, Get-Help makes the synopsis from the syntax ("Verb-Noun [-Param] <type> ...").
        $help.Synopsis | Should -Not -Match '\[-'
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($name in (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $parameter = $help.Parameters.Parameter | Where-Object Name -EQ $name
            $parameter | Should -Not -BeNullOrEmpty -Because "-$name is documented"
            ($parameter.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name has a description"
        }
    }
}
