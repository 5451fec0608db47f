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
