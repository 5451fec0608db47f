BeforeAll {
    . $PSScriptRoot/common.ps1
    Set-AgentSession -LogDirectory (Join-Path (Get-Item TestDrive:).FullName logs)
}

Describe 'Idempotency keys outlive their processes' {
    AfterEach { Clear-AgentProcesses }

    It 'a retry after the process was forgotten returns its receipt and starts nothing' {
        $first = Start-AgentProcess 'exit 4' -IdempotencyKey "receipt-$PID" -Wait
        $first | Remove-AgentProcess
        $before = @(Get-AgentProcess).Count
        $again = Start-AgentProcess 'exit 4' -IdempotencyKey "receipt-$PID" -Verbose 4>&1
        $receipt = $again | Where-Object { $_ -is [AgentProc.Processes.AgentProcessReceipt] }
        $receipt.Id | Should -Be $first.Id
        $receipt.ExitCode | Should -Be 4
        $receipt.RememberedUntil | Should -BeGreaterThan ([DateTimeOffset]::Now.AddHours(23))
        @(($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -match 'already ran as agent process').Count | Should -Be 1
        @(Get-AgentProcess).Count | Should -Be $before
        ($receipt | Format-Table | Out-String -Width 80) | Should -Match "$($first.Id)\s+exit\s+Exited\s+4\s+receipt-$PID\s+exit 4"
    }

    It '-IdempotencyRetention sets how long a key is remembered' {
        (Set-AgentSession -IdempotencyRetention 2h -PassThru).IdempotencyRetention | Should -Be ([timespan]::FromHours(2))
        Set-AgentSession -IdempotencyRetention 24h
    }
}

Describe 'Script warnings and waits' {
    It 'a dependency warning is written once' {
        $null = @{ Name = 'lonely'; Script = 'true'; DependsOn = 'missing' } | Invoke-AgentScript -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Match 'missing'
    }

    It 'the pipes-left-open warning is written once' {
        Set-AgentSession -PipeDelay 1s
        try {
            $null = Invoke-AgentScript -Name holder -Script 'sleep 30 & echo started' -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -Match 'redirect'
        }
        finally { Set-AgentSession -PipeDelay 10s }
    }

    It 'a script waiting for its dependencies says so on Verbose' {
        $out = @(
            @{ Name = 'first'; Script = 'sleep 1' }
            @{ Name = 'second'; Script = 'true'; DependsOn = 'first' }
        ) | Invoke-AgentScript -Verbose 4>&1
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Script 'second' is waiting for first."
        ($out | Where-Object { $_ -is [AgentProc.Scripts.AgentScriptResult] }).Status | Should -Be @('Ok', 'Ok')
    }
}

Describe 'Register-AgentScript -OnClose' {
    It 'runs when the module is removed, in order, while the session''s processes still run' {
        $dir = (New-Item -ItemType Directory -Path (Join-Path (Get-Item TestDrive:).FullName 'onclose-remove')).FullName
        $ps = New-ModuleRunspace
        try {
            $listed = Invoke-InRunspace $ps @"
Set-AgentSession -LogDirectory '$dir/logs'
`$server = Start-AgentProcess 'sleep 300' -Name server
Register-AgentScript -Name upload -OnClose -Script "echo upload >> '$dir/marks'" -After drain | Out-Null
Register-AgentScript -Name drain -OnClose -Script "kill -0 `$(`$server.ProcessId) && echo drain-saw-server >> '$dir/marks'" -Timeout 20s | Out-Null
Get-AgentScript | Format-Table | Out-String -Width 80
`$server.ProcessId
"@
            $listed[0] | Should -Match 'drain\s+\(on close\)'
            $listed[0] | Should -Match 'upload\s+\(on close\)'
            $serverPid = [int]$listed[1]
            Test-Path "$dir/marks" | Should -BeFalse
            Invoke-InRunspace $ps 'Remove-Module AgentProc'
            Get-Content "$dir/marks" | Should -Be @('drain-saw-server', 'upload')
            Test-ProcessAlive $serverPid | Should -BeFalse
        }
        finally { $ps.Dispose() }
    }

    It 'runs when pwsh is ended with SIGTERM, and its result and output reach the session log file' {
        $dir = (New-Item -ItemType Directory -Path (Join-Path (Get-Item TestDrive:).FullName 'onclose-term')).FullName
        $script = @"
Import-Module '$script:ModuleManifest'
Set-AgentSession -LogDirectory '$dir/logs' -SessionLogPath '$dir/session.log'
Register-AgentScript -Name flush -OnClose -Script 'echo flushed-cache; echo cache-half-full >&2' | Out-Null
Set-Content -LiteralPath '$dir/ready' -Value ready
Start-Sleep -Seconds 300
"@
        $child = Start-Process -FilePath (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $script -PassThru
        try {
            Wait-Until { Test-Path "$dir/ready" } 'the child registered its on-close script' -TimeoutSeconds 60
            & kill -TERM $child.Id
            Wait-Until { $child.HasExited } 'pwsh ends after its close' -TimeoutSeconds 60
            $log = Get-Content "$dir/session.log" -Raw
            # As the agent logs them: stdout at information level, stderr at error level.
            $log | Should -Match '\[Information\][^\n]*\[flush\] flushed-cache'
            $log | Should -Match '\[Error\][^\n]*\[flush\] cache-half-full'
            $log | Should -Match "On-close run of 'flush' ended Ok"
        }
        finally { if (-not $child.HasExited) { $child.Kill() } }
    }

    It 'a cycle among on-close scripts is refused when the second is registered' {
        $null = Register-AgentScript -Name cycle-a -OnClose -Script 'true' -DependsOn cycle-b
        try {
            { Register-AgentScript -Name cycle-b -OnClose -Script 'true' -DependsOn cycle-a -ErrorAction Stop } | Should -Throw -ErrorId 'AgentScriptDependencyCycle*'
            Get-AgentScript -Name cycle-b -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally { Unregister-AgentScript cycle-a }
    }
}

Describe 'Stop-AgentProcess -Signal' {
    AfterEach { Clear-AgentProcesses }

    It 'Interrupt stops a Python HTTP server gracefully, as Ctrl+C would' {
        $port = Get-Random -Minimum 20000 -Maximum 60000
        $server = Start-AgentProcess "exec python3 -u -m http.server $port --bind 127.0.0.1" -Name http
        Wait-Until { ($server | Receive-AgentProcessOutput).Output -match 'Serving HTTP' } 'the server listens'
        $server | Stop-AgentProcess -Signal Interrupt -PassThru | Wait-AgentProcess -Timeout 30 | Out-Null
        $server.State | Should -Be 'Exited'
        $server.ExitCode | Should -Be 0
        $server.Signal | Should -BeNullOrEmpty
        ($server | Receive-AgentProcessOutput).Output | Should -Match 'Keyboard interrupt received, exiting'
    }

    It 'Hangup and User1 reach the group by name or number, and the process goes on' -TestCases @(
        @{ Signal = 'Hangup'; Trap = 'HUP' }, @{ Signal = 'SIGUSR1'; Trap = 'USR1' }, @{ Signal = '12'; Trap = 'USR2' }
    ) {
        $p = Start-AgentProcess "trap 'echo got-$Trap' $Trap; echo ready; while :; do sleep 0.05; done"
        Wait-Until { ($p | Receive-AgentProcessOutput).Output -match 'ready' } 'the trap is set'
        Stop-AgentProcess -Id $p.Id -Signal $Signal
        Wait-Until { ($p | Receive-AgentProcessOutput).Output -match "got-$Trap" } "$Signal is handled"
        $p.State | Should -Be 'Running'
    }

    It 'an unknown signal is refused before anything is sent; -Kill with -Signal is refused' {
        $p = Start-AgentProcess 'sleep 300'
        { $p | Stop-AgentProcess -Signal Interupt } | Should -Throw -ErrorId 'AgentProcessUnknownSignal,AgentProc.Commands.StopAgentProcessCommand'
        { $p | Stop-AgentProcess -Signal Term -Kill } | Should -Throw -ErrorId 'AgentProcessSignalConflict,AgentProc.Commands.StopAgentProcessCommand'
        $p.State | Should -Be 'Running'
    }

    It '-WhatIf sends nothing, and tab completion offers the names' {
        $p = Start-AgentProcess 'sleep 300'
        $p | Stop-AgentProcess -Signal Quit -WhatIf
        $p.State | Should -Be 'Running'
        $line = 'Stop-AgentProcess -Signal In'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Interrupt')
        $line = 'Stop-AgentProcess -Signal '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'User2'
    }
}
