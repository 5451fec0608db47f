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

    It 'merges the default environment call by call; $null takes a name out again' {
        $out = Invoke-InRunspace $ps "Set-AgentSession -DefaultEnvironment @{ AGENTPROC_A = 'a'; AGENTPROC_B = 'b' }; (Start-AgentProcess 'echo `$AGENTPROC_A-`$AGENTPROC_B' | Receive-AgentProcessOutput -Wait).Output"
        $out | Should -Be "a-b`n"
        $out = Invoke-InRunspace $ps "Set-AgentSession -DefaultEnvironment @{ AGENTPROC_A = `$null; AGENTPROC_B = 'changed' }; (Start-AgentProcess 'echo `$AGENTPROC_A-`$AGENTPROC_B' | Receive-AgentProcessOutput -Wait).Output"
        $out | Should -Be "-changed`n"
        (Invoke-InRunspace $ps 'Get-AgentSession').DefaultEnvironment.Keys | Should -Be @('AGENTPROC_B')
        # Scripts get the defaults too.
        (Invoke-InRunspace $ps "(Invoke-AgentScript -Script 'echo `$AGENTPROC_B' -Name env-default).Output") | Should -Be "changed`n"
    }

    It 'puts the script bin directory first on PATH for processes, so a tool a script installed is found' {
        $bin = Invoke-InRunspace $ps "(Invoke-AgentScript -Name install -Script 'printf ''#!/bin/sh\necho installed-tool\n'' > `$AGENTPROC_SCRIPT_BIN_DIR/agentproc-tool; chmod +x `$AGENTPROC_SCRIPT_BIN_DIR/agentproc-tool').Status"
        $bin | Should -Be 'Ok'
        $out = Invoke-InRunspace $ps "(Start-AgentProcess 'agentproc-tool; echo `$PATH' | Receive-AgentProcessOutput -Wait).Output"
        $lines = $out -split "`n"
        $lines[0] | Should -Be 'installed-tool'
        $lines[1] | Should -BeLike "$((Invoke-InRunspace $ps 'Get-AgentSession').BinDirectory):*"
    }

    It 'sets the default working directory once, for processes and scripts alike' {
        $wd = (New-Item -ItemType Directory -Path (Join-Path (Get-Item TestDrive:).FullName 'default-wd')).FullName
        $out = Invoke-InRunspace $ps "Set-AgentSession -DefaultWorkingDirectory '$wd'; (Start-AgentProcess 'pwd -P' | Receive-AgentProcessOutput -Wait).Output; (Invoke-AgentScript -Script 'pwd -P' -Name where).Output"
        $out[0].Trim() | Should -Be $wd
        $out[1].Trim() | Should -Be $wd
        { Invoke-InRunspace $ps "Set-AgentSession -DefaultWorkingDirectory '$wd' -ErrorAction Stop" } | Should -Throw '*only once*'
    }

    It '-MaxLineLength cuts longer lines for new processes' {
        $out = Invoke-InRunspace $ps "Set-AgentSession -MaxLineLength 10; Start-AgentProcess 'printf %050d 0' | Receive-AgentProcessOutput -Wait -Timeout 60"
        $out.Output | Should -Be ('0' * 10 + '... [truncated]')
        $out.LinesCut | Should -Be 1
        (Invoke-InRunspace $ps 'Get-AgentSession').MaxLineLength | Should -Be 10
    }

    It '-DrainDelay bounds the wait for a pipe held open by a grandchild' {
        $p = Invoke-InRunspace $ps "Set-AgentSession -DrainDelay 1s; Start-AgentProcess 'sleep 60 & echo parent' -Wait"
        $p.State | Should -Be 'Exited'
        $p.PipesLeftOpen | Should -BeTrue
        # The object belongs to the other runspace's session: read it there.
        (Invoke-InRunspace $ps 'Receive-AgentProcessOutput -Id 1').Output | Should -Be "parent`n"
        (Invoke-InRunspace $ps 'Get-AgentSession').DrainDelay | Should -Be ([timespan]::FromSeconds(1))
    }

    It '-Retention forgets exited processes once it passes' {
        $p = Invoke-InRunspace $ps "Set-AgentSession -Retention 1s; Start-AgentProcess 'exit 0' -Name short-lived -Wait"
        $p.State | Should -Be 'Exited'
        Wait-Until { -not (Invoke-InRunspace $ps 'Get-AgentProcess -Name short-lived -ErrorAction SilentlyContinue') } 'the exited process is forgotten'
        (Invoke-InRunspace $ps 'Get-AgentSession').Retention | Should -Be ([timespan]::FromSeconds(1))
    }

    It '-CloseGracePeriod is how long a process that ignores SIGTERM gets before SIGKILL' {
        $p = Invoke-InRunspace $ps "Set-AgentSession -CloseGracePeriod 2s; Start-AgentProcess 'trap """" TERM; echo ready; sleep 60'"
        Wait-Until { (Invoke-InRunspace $ps "Receive-AgentProcessOutput -Id $($p.Id)").Output -match 'ready' } 'the trap is set'
        Invoke-InRunspace $ps 'Get-AgentProcess | Remove-AgentProcess -Force -Confirm:$false'
        $p.State | Should -Be 'Exited'
        $p.Signal | Should -Be 'SIGKILL'
        Test-ProcessAlive $p.ProcessId | Should -BeFalse
        (Invoke-InRunspace $ps 'Get-AgentSession').CloseGracePeriod | Should -Be ([timespan]::FromSeconds(2))
    }

    It '-ThrottleLimit is the default number of scripts run at once' {
        $s = Invoke-InRunspace $ps 'Set-AgentSession -ThrottleLimit 1 -PassThru'
        $s.ThrottleLimit | Should -Be 1
        $marks = Join-Path (Get-Item TestDrive:).FullName 'throttle'
        $null = New-Item -ItemType Directory -Path $marks
        # With one at a time, the second script sees the first one's finished marker.
        $results = Invoke-InRunspace $ps "@{ Name = 'one'; Script = 'sleep 1; touch $marks/one' }, @{ Name = 'two'; Script = 'test -e $marks/one' } | Invoke-AgentScript"
        ($results | Where-Object Name -EQ 'two').Status | Should -Be 'Ok'
    }

    It 'Get-AgentSessionLog -Category keeps only the named categories, with wildcards' {
        Invoke-InRunspace $ps "Start-AgentProcess 'exit 0' -Wait; Invoke-AgentScript -Script 'true' -Name cat" | Out-Null
        $processes = Invoke-InRunspace $ps 'Get-AgentSessionLog -Category Processes'
        $processes | Should -Not -BeNullOrEmpty
        $processes.Category | Sort-Object -Unique | Should -Be 'Processes'
        (Invoke-InRunspace $ps 'Get-AgentSessionLog -Category Proc*').Count | Should -Be $processes.Count
        (Invoke-InRunspace $ps 'Get-AgentSessionLog -Category Scripts').Category | Sort-Object -Unique | Should -Be 'Scripts'
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
