BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

Describe 'Start-AgentProcess' {
    AfterEach { Clear-AgentProcesses }

    It 'returns a typed AgentProcess at once, running' {
        $p = Start-AgentProcess 'sleep 30'
        $p | Should -BeOfType ([AgentProc.Processes.AgentProcess])
        $p.State | Should -Be 'Running'
        $p.Id | Should -BeGreaterThan 0
        $p.InstanceId | Should -Not -Be ([guid]::Empty)
        $p.Name | Should -Be 'sleep'
        $p.Command | Should -Be 'sleep 30'
        Test-ProcessAlive $p.ProcessId | Should -BeTrue
    }

    It 'takes the command by position and from the pipeline' {
        $p = 'echo piped' | Start-AgentProcess -Wait
        ($p | Receive-AgentProcessOutput).Output | Should -Be "piped`n"
        $q = [pscustomobject]@{ Command = 'echo by-property'; Name = 'prop' } | Start-AgentProcess -Wait
        $q.Name | Should -Be 'prop'
        ($q | Receive-AgentProcessOutput).Output | Should -Be "by-property`n"
    }

    It '-Wait blocks until the exit and returns the exit code' {
        $p = Start-AgentProcess 'exit 3' -Wait
        $p.State | Should -Be 'Exited'
        $p.ExitCode | Should -Be 3
    }

    It '-Name and -Background are kept on the object' {
        $p = Start-AgentProcess 'sleep 30' -Name web -Background
        $p.Name | Should -Be 'web'
        $p.Background | Should -BeTrue
    }

    It 'runs in $PWD by default, not the .NET current directory' {
        Push-Location TestDrive:
        try {
            $p = Start-AgentProcess 'pwd -P' -Wait
            ($p | Receive-AgentProcessOutput).Output.Trim() | Should -Be (Get-Item TestDrive:).FullName.TrimEnd('/')
        }
        finally { Pop-Location }
    }

    It 'sees every Set-Location at the next start: another directory, another drive, a drive made again, another provider' {
        # The module remembers $PWD's file-system path per drive; none of these may see an old answer.
        $a = (New-Item -ItemType Directory -Path TestDrive:/here).FullName.TrimEnd('/')
        $b = (New-Item -ItemType Directory -Path TestDrive:/there).FullName.TrimEnd('/')
        $startedIn = { (Start-AgentProcess 'pwd -P' -Wait | Receive-AgentProcessOutput).Output.Trim() }
        Push-Location $a
        try {
            & $startedIn | Should -Be $a
            Set-Location $b
            & $startedIn | Should -Be $b
            Set-Location $a
            & $startedIn | Should -Be $a
            New-PSDrive -Name AgentProcPwd -PSProvider FileSystem -Root $a | Out-Null
            Set-Location AgentProcPwd:/
            & $startedIn | Should -Be $a
            # The same PowerShell path, on a drive of the same name rooted elsewhere.
            Set-Location $b
            Remove-PSDrive AgentProcPwd
            New-PSDrive -Name AgentProcPwd -PSProvider FileSystem -Root $b | Out-Null
            Set-Location AgentProcPwd:/
            & $startedIn | Should -Be $b
            # On another provider, the FileSystem location is the one left last, as before.
            Set-Location $a
            Set-Location Env:
            & $startedIn | Should -Be $a
        }
        finally {
            Pop-Location
            Remove-PSDrive AgentProcPwd -ErrorAction SilentlyContinue
        }
    }

    It 'resolves a relative -WorkingDirectory against $PWD, and accepts drives and ~' {
        New-Item -ItemType Directory -Path TestDrive:/sub | Out-Null
        Push-Location TestDrive:
        try {
            $p = Start-AgentProcess 'pwd -P' -WorkingDirectory sub -Wait
            ($p | Receive-AgentProcessOutput).Output.Trim() | Should -Be (Get-Item TestDrive:/sub).FullName.TrimEnd('/')
        }
        finally { Pop-Location }
        $d = Start-AgentProcess 'pwd -P' -WorkingDirectory TestDrive:/sub -Wait
        ($d | Receive-AgentProcessOutput).Output.Trim() | Should -Be (Get-Item TestDrive:/sub).FullName.TrimEnd('/')
        $h = Start-AgentProcess 'pwd' -WorkingDirectory ~ -Wait
        ($h | Receive-AgentProcessOutput).Output.Trim() | Should -Be (Resolve-Path ~).ProviderPath.TrimEnd('/')
    }

    It 'a missing -WorkingDirectory is an ObjectNotFound error naming it, and nothing starts' {
        $before = @(Get-AgentProcess).Count
        Start-AgentProcess 'true' -WorkingDirectory TestDrive:/nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessWorkingDirectoryNotFound,AgentProc.Commands.StartAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
        $err[0].Exception.Message | Should -BeLike '*nope*'
        @(Get-AgentProcess).Count | Should -Be $before
    }

    It 'an empty or blank command is an InvalidArgument error' -TestCases @(@{ Command = '' }, @{ Command = '   ' }) {
        Start-AgentProcess $Command -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessEmptyCommand,AgentProc.Commands.StartAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It '-Environment overrides the inherited environment, and $null removes a variable' {
        $env:AGENTPROC_PESTER_A = 'inherited'
        $env:AGENTPROC_PESTER_B = 'inherited'
        try {
            $p = Start-AgentProcess 'echo "$AGENTPROC_PESTER_A,${AGENTPROC_PESTER_B-unset},$AGENTPROC_PESTER_C"' -Environment @{ AGENTPROC_PESTER_B = $null; AGENTPROC_PESTER_C = 42 } -Wait
            ($p | Receive-AgentProcessOutput).Output | Should -Be "inherited,unset,42`n"
        }
        finally { Remove-Item Env:AGENTPROC_PESTER_A, Env:AGENTPROC_PESTER_B -ErrorAction SilentlyContinue }
    }

    It '-Timeout terminates the process group when it passes, in seconds or as a duration' -TestCases @(@{ Timeout = 1 }, @{ Timeout = '500ms' }, @{ Timeout = [timespan]'00:00:01' }) {
        $p = Start-AgentProcess 'sleep 60' -Timeout $Timeout -Wait -WarningAction SilentlyContinue
        $p.TimedOut | Should -BeTrue
        $p.ExitCode | Should -Be 143
        $p.Signal | Should -Be 'SIGTERM'
    }

    It '-TimeoutSignal picks the first signal; what ignores it is killed after the grace period' {
        Set-AgentSession -CloseGracePeriod 1s
        try {
            $p = Start-AgentProcess "trap 'echo got-int' INT; while :; do sleep 0.05; done" -Timeout 1 -TimeoutSignal Interrupt -Wait -WarningAction SilentlyContinue
            $p.TimedOut | Should -BeTrue
            ($p | Receive-AgentProcessOutput).Output | Should -Match 'got-int'
            $p.Signal | Should -Be 'SIGKILL'
        }
        finally { Set-AgentSession -CloseGracePeriod 5s }
    }

    It 'a negative -Timeout is an InvalidArgument error naming the value' {
        Start-AgentProcess 'true' -Timeout -5 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessInvalidTimeout,AgentProc.Commands.StartAgentProcessCommand'
        $err[0].Exception.Message | Should -BeLike '*-00:00:05*'
    }

    It '-IdempotencyKey returns the existing process for the same inputs and refuses different ones' {
        $a = Start-AgentProcess 'sleep 30' -IdempotencyKey 'pester-key'
        $b = Start-AgentProcess 'sleep 30' -IdempotencyKey 'pester-key'
        $b.InstanceId | Should -Be $a.InstanceId
        Start-AgentProcess 'sleep 31' -IdempotencyKey 'pester-key' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessIdempotencyConflict,AgentProc.Commands.StartAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It '-Shell Sh and Bash run the command with that shell' {
        (Start-AgentProcess 'echo $0' -Shell Sh -Wait | Receive-AgentProcessOutput).Output | Should -Be "/bin/sh`n"
        if (Get-Command bash -ErrorAction SilentlyContinue) {
            (Start-AgentProcess 'echo $BASH_VERSION' -Shell Bash -Wait | Receive-AgentProcessOutput).Output | Should -Not -BeNullOrEmpty
        }
    }

    It '-Shell Cmd on Unix is an InvalidArgument error' -Skip:$IsWindows {
        Start-AgentProcess 'echo' -Shell Cmd -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessShellUnavailable,AgentProc.Commands.StartAgentProcessCommand'
    }

    It '-WhatIf starts nothing' {
        $before = @(Get-AgentProcess).Count
        Start-AgentProcess 'sleep 30' -WhatIf | Should -BeNullOrEmpty
        @(Get-AgentProcess).Count | Should -Be $before
    }

    It '-Wait stops waiting on Ctrl+C (StopProcessing) and leaves the process running' {
        $ps = New-ModuleRunspace
        try {
            $marker = Join-Path (Get-Item TestDrive:).FullName 'started'
            $null = $ps.AddScript("Start-AgentProcess `"touch '$marker'; sleep 60`" -Name waited -Wait").BeginInvoke()
            Wait-Until { Test-Path -LiteralPath $marker } 'the waited process starts'
            $ps.Stop()
            $ps.Commands.Clear()
            $left = $ps.AddScript('Get-AgentProcess -Name waited').Invoke()
            $left.Count | Should -Be 1
            $left[0].State | Should -Be 'Running'
        }
        finally {
            $ps.Commands.Clear()
            $null = $ps.AddScript('Get-AgentProcess | Remove-AgentProcess -Force').Invoke()
            $ps.Dispose()
        }
    }

    It 'writes its engine messages to the Verbose stream' {
        $verbose = Start-AgentProcess 'true' -Name chatty -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -BeLike '*Started agent process*chatty*'
    }
}
