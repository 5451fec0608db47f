BeforeAll {
    . $PSScriptRoot/common.ps1
    Set-AgentSession -LogDirectory (Join-Path (Get-Item TestDrive:).FullName logs)

    # What TabExpansion2 offers for the end of $Line.
    function Get-Completion {
        param([string] $Line)
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

Describe 'Import-Module -Force and Remove-Module warn before they end running processes' {
    It 'a fresh pwsh that re-imports with processes running warns, naming them, and the processes are ended' {
        $script = @"
Import-Module '$script:ModuleManifest'
`$p = Start-AgentProcess 'sleep 300' -Name still-running
"PID=`$(`$p.ProcessId)"
Import-Module '$script:ModuleManifest' -Force
"@
        $out = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $out | Should -Match 'WARNING: .*Import-Module -Force.*still-running'
        $processId = [int]([regex]::Match($out, 'PID=(\d+)').Groups[1].Value)
        Wait-Until { -not (Test-ProcessAlive $processId) } -Because 'the re-import closed the old session' -TimeoutSeconds 60
    }

    It 'no process running: no warning' {
        $script = "Import-Module '$script:ModuleManifest'; Start-AgentProcess 'exit 0' -Wait | Out-Null; Import-Module '$script:ModuleManifest' -Force; 'done'"
        $out = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $out | Should -Match 'done'
        $out | Should -Not -Match 'WARNING'
    }

    It '$WarningPreference = ''SilentlyContinue'' keeps it quiet' {
        $script = "Import-Module '$script:ModuleManifest'; Start-AgentProcess 'sleep 300' | Out-Null; `$WarningPreference = 'SilentlyContinue'; Remove-Module AgentProc; 'done'"
        $out = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $out | Should -Match 'done'
        $out | Should -Not -Match 'WARNING'
    }
}

Describe 'Stopping a process that has already exited, through the pipeline, is not an error' {
    AfterEach { Clear-AgentProcesses }

    It 'Get-AgentProcess | Stop-AgentProcess says so on Verbose and stops the running ones' {
        $done = Start-AgentProcess 'exit 0' -Name gone -Wait
        $running = Start-AgentProcess 'sleep 60' -Name here
        $verbose = Get-AgentProcess | Stop-AgentProcess -ErrorVariable err -Verbose 4>&1
        $err | Should -BeNullOrEmpty
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match "$($done.Id) \(gone\) has already exited"
        ($running | Wait-AgentProcess -Timeout 30).ExitCode | Should -Be 143
    }

    It '-PassThru still writes it, so | Wait-AgentProcess works' {
        $done = Start-AgentProcess 'exit 4' -Wait
        ($done | Stop-AgentProcess -PassThru | Wait-AgentProcess -Timeout 30).ExitCode | Should -Be 4
    }

    It 'by -Id it is still an InvalidOperation error: the caller named a process that is not running' {
        $done = Start-AgentProcess 'exit 0' -Wait
        Stop-AgentProcess -Id $done.Id -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AgentProcessNotRunning,*'
    }
}

Describe 'Errors are the matching .NET exception types, with a recommended action where one helps' {
    It 'a bad argument is caught by catch [ArgumentException]' {
        $caught = $null
        try { Start-AgentProcess '' -ErrorAction Stop } catch [ArgumentException] { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'AgentProcessEmptyCommand,*'
    }

    It 'an unknown id is an ArgumentException that recommends Get-AgentProcess' {
        $caught = $null
        try { Stop-AgentProcess -Id 99999 -ErrorAction Stop } catch [ArgumentException] { $caught = $_ }
        $caught.Exception.ErrorId | Should -Be 'AgentProcessNotFound'
        $caught.ErrorDetails.RecommendedAction | Should -Match 'Get-AgentProcess'
        $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'a process that is still running is caught by catch [InvalidOperationException]' {
        $p = Start-AgentProcess 'sleep 60'
        try {
            $caught = $null
            try { $p | Remove-AgentProcess -ErrorAction Stop } catch [InvalidOperationException] { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'AgentProcessStillRunning,*'
            $caught.ErrorDetails.RecommendedAction | Should -Match 'Stop-AgentProcess'
        }
        finally { Clear-AgentProcesses }
    }

    It 'a script that times out is caught by catch [TimeoutException]' {
        $caught = $null
        try { Invoke-AgentScript -Name slow -Script 'sleep 60' -Timeout 1 -ErrorAction Stop | Out-Null } catch [TimeoutException] { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'AgentScriptTimedOut,*'
        $caught.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $caught.TargetObject.Status | Should -Be 'TimedOut'
    }
}

Describe 'A bad -TimeZone has its own error id' {
    It 'Get-AgentCronOccurrence and Register-AgentScript report AgentCronTimeZoneInvalid, naming the zone' -TestCases @(
        @{ Command = { Get-AgentCronOccurrence '@daily' -TimeZone Mars/Olympus -ErrorAction Stop } }
        @{ Command = { Register-AgentScript -Name tz -Cron '@daily' -Script 'true' -TimeZone Mars/Olympus -ErrorAction Stop } }
    ) {
        $caught = $null
        try { & $Command } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'AgentCronTimeZoneInvalid,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $caught.Exception.Message | Should -Match 'Mars/Olympus'
        $caught.Exception | Should -BeOfType ([ArgumentException])
        Get-AgentScript -Name tz -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a bad expression keeps AgentCronExpressionInvalid' {
        { Get-AgentCronOccurrence '0 0 25 * * *' -TimeZone UTC -ErrorAction Stop } | Should -Throw -ErrorId 'AgentCronExpressionInvalid,*'
    }
}

Describe 'Values that come back from remoting or Import-Clixml' {
    It '-After takes a deserialized DateTimeOffset at the same instant' {
        $instant = [DateTimeOffset]::new(2030, 1, 1, 1, 0, 0, [TimeSpan]::FromHours(1))
        $bag = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($instant))
        $bag | Should -Not -BeOfType ([DateTimeOffset])
        (Get-AgentCronOccurrence '0 30 12 * * *' -TimeZone UTC -After $bag -Count 1).Time | Should -Be ([DateTimeOffset]'2030-01-01T12:30:00Z')
    }

    It 'the time columns render a deserialized cron occurrence' {
        $occurrence = Get-AgentCronOccurrence '0 30 12 * * *' -TimeZone UTC -After '2030-01-01T00:00Z' -Count 1
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($occurrence))
        ($copy | Format-Table | Out-String -Width 200) | Should -Match '2030-01-01 12:30:00 \+00:00'
    }
}

Describe 'Format-Wide has a view for every output type' {
    AfterAll { Clear-AgentProcesses; Get-AgentScript | Unregister-AgentScript -Force -Confirm:$false }

    It 'processes show id and name; schedules their name; occurrences their time' {
        $p = Start-AgentProcess 'exit 0' -Name wide-one -Wait
        ($p | Format-Wide | Out-String) | Should -Match "$($p.Id) wide-one"
        Register-AgentScript -Name wide-sched -Cron '@daily' -Script 'true' | Out-Null
        (Get-AgentScript -Name wide-sched | Format-Wide | Out-String) | Should -Match 'wide-sched'
        $after = [DateTimeOffset]::new(2030, 1, 1, 0, 0, 0, [TimeSpan]::Zero)
        (Get-AgentCronOccurrence '0 30 12 * * *' -After $after -TimeZone UTC -Count 1 | Format-Wide | Out-String) | Should -Match '2030-01-01 12:30:00 \+00:00'
        (Invoke-AgentScript -Name wide-script -Script 'true' | Format-Wide | Out-String) | Should -Match 'wide-script: Ok'
    }
}

Describe 'Tab completion' {
    AfterAll { Clear-AgentProcesses; Get-AgentScript | Unregister-AgentScript -Force -Confirm:$false }

    It 'completes schedule names for Get-, Unregister-AgentScript and Get-AgentScriptResult' {
        Register-AgentScript -Name 'complete-me' -Cron '@daily' -Script 'true' | Out-Null
        foreach ($command in 'Get-AgentScript -Name comp', 'Unregister-AgentScript comp', 'Get-AgentScriptResult -Name comp') {
            (Get-Completion $command).CompletionText | Should -Contain 'complete-me'
        }
    }

    It 'completes -InstanceId with the session''s instance ids' {
        $p = Start-AgentProcess 'exit 0' -Wait
        $prefix = $p.InstanceId.ToString().Substring(0, 6)
        (Get-Completion "Get-AgentProcess -InstanceId $prefix").CompletionText | Should -Contain $p.InstanceId.ToString()
        (Get-Completion "Stop-AgentProcess -InstanceId $prefix").CompletionText | Should -Contain $p.InstanceId.ToString()
    }

    It 'completes -Category with the session log''s categories' {
        (Get-Completion 'Get-AgentSessionLog -Category Sch').CompletionText | Should -Be 'Scheduler'
    }

    It 'completes -TimeZone with IANA ids, by the whole id or by the city' {
        (Get-Completion 'Get-AgentCronOccurrence @daily -TimeZone Europe/Ber').CompletionText | Should -Contain 'Europe/Berlin'
        (Get-Completion 'Register-AgentScript -TimeZone Berl').CompletionText | Should -Contain 'Europe/Berlin'
    }
}
