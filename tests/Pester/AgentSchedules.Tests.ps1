BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:LogDirectory = Join-Path (Get-Item TestDrive:).FullName logs
    Set-AgentSession -LogDirectory $script:LogDirectory
}

Describe 'Register-AgentScript, Get-AgentScript, Unregister-AgentScript, Get-AgentScriptResult' {
    AfterEach { Get-AgentScript | Unregister-AgentScript -Force -Confirm:$false }

    It 'registers a schedule and lists it with its next run' {
        $s = Register-AgentScript -Name nightly -Cron '0 0 3 * * *' -Script 'echo nightly'
        $s | Should -BeOfType ([AgentProc.Scheduling.AgentScriptSchedule])
        $s.NextRun | Should -BeGreaterThan ([DateTimeOffset]::Now)
        (Get-AgentScript).Name | Should -Contain 'nightly'
        (Get-AgentScript -Name night*).Cron | Should -Be '0 0 3 * * *'
    }

    It 'runs every second, with stage Cron, into a bounded history, newest first' {
        $null = Register-AgentScript -Name ticker -Cron '* * * * * *' -Script 'echo tick'
        Wait-Until { @(Get-AgentScriptResult -Name ticker).Count -ge 2 } 'two runs are recorded'
        $history = Get-AgentScriptResult -Name ticker
        $history[0].Stage | Should -Be 'Cron'
        $history[0].Status | Should -Be 'Ok'
        $history[0].StartedAt | Should -BeGreaterThan $history[1].StartedAt
        @(Get-AgentScriptResult -Name ticker -Newest 1).Count | Should -Be 1
    }

    It 'never overlaps itself: a firing while a run is going is skipped and counted' {
        $null = Register-AgentScript -Name overlap -Cron '* * * * * *' -Script 'sleep 3'
        Wait-Until { (Get-AgentScript -Name overlap).SkippedOverlaps -ge 1 } 'an overlap is skipped' -TimeoutSeconds 60
        (Get-AgentScriptResult -Name overlap -Status Skipped).Count | Should -BeGreaterThan 0
    }

    It 'an invalid cron expression is an InvalidArgument error naming the field, and nothing is scheduled' {
        Register-AgentScript -Name bad -Cron '0 61 * * * *' -Script 'true' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentCronExpressionInvalid,AgentProc.Commands.RegisterAgentScriptCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'minute'
        $err[0].Exception.Message | Should -Match '61'
        Get-AgentScript -Name bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a duplicate name is a ResourceExists error' {
        $null = Register-AgentScript -Name dup -Cron '@daily' -Script 'true'
        Register-AgentScript -Name dup -Cron '@hourly' -Script 'true' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-AgentScript -Name dup).Cron | Should -Be '@daily'
    }

    It 'accepts -TimeZone and CRON_TZ=' {
        (Register-AgentScript -Name tz1 -Cron '0 0 12 * * *' -Script 'true' -TimeZone 'America/New_York').TimeZone | Should -Be 'America/New_York'
        (Register-AgentScript -Name tz2 -Cron 'CRON_TZ=Europe/Berlin 0 0 12 * * *' -Script 'true').TimeZone | Should -Be 'Europe/Berlin'
        Register-AgentScript -Name tz3 -Cron '@daily' -Script 'true' -TimeZone 'Mars/Olympus' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Match 'Mars/Olympus'
    }

    It 'Unregister-AgentScript removes it; -WhatIf does not' {
        $null = Register-AgentScript -Name gone -Cron '@hourly' -Script 'true'
        Unregister-AgentScript -Name gone -WhatIf
        (Get-AgentScript -Name gone).Name | Should -Be 'gone'
        Unregister-AgentScript -Name gone
        Get-AgentScript -Name gone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'an unknown name is an ObjectNotFound error' {
        Unregister-AgentScript -Name nothing-here -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-AgentScript -Name nothing-here -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'formats schedules as a table with Name, Cron and NextRun' {
        $null = Register-AgentScript -Name shown -Cron '@daily' -Script 'true'
        (Get-AgentScript | Format-Table | Out-String) | Should -Match 'Name\s+Cron\s+NextRun'
    }

    It 'closing the session stops the scheduler and the running instance' {
        $ps = New-ModuleRunspace
        $marker = Join-Path (Get-Item TestDrive:).FullName 'cron-started'
        # The script is single-quoted in the runspace too: in double quotes PowerShell would read $$
        # as its own automatic variable (empty there), and the shell would write an empty marker.
        $null = Invoke-InRunspace $ps "Register-AgentScript -Name long -Cron '* * * * * *' -Script 'echo `$`$ > ''$marker''; sleep 300'"
        Wait-Until { (Test-Path -LiteralPath $marker) -and (Get-Content -LiteralPath $marker) } 'the cron run starts'
        $shell = [int](Get-Content -LiteralPath $marker | Select-Object -First 1)
        $ps.Runspace.Close()
        $ps.Dispose()
        Wait-Until { -not (Test-ProcessAlive $shell) } 'the running instance is stopped'
    }
}

Describe 'Schedule names, logs and re-registration' {
    AfterEach { Get-AgentScript | Unregister-AgentScript -Force -Confirm:$false }

    It 'shows the log file the runs write, the default one included' {
        (Register-AgentScript -Name logged -Cron '@daily' -Script 'true').LogPath |
            Should -Be (Join-Path $script:LogDirectory 'agentproc-script-logged.log')
        (Register-AgentScript -Name own-log -Cron '@daily' -Script 'true' -LogPath 'sub/own.log').LogPath |
            Should -Be (Join-Path $script:LogDirectory 'sub/own.log')
    }

    It 'Get- and Unregister-AgentScript select names by the same rule' {
        foreach ($name in '[x]', 'x', 'wild-1', 'wild-2') {
            $null = Register-AgentScript -Name $name -Cron '@daily' -Script 'true'
        }
        (Get-AgentScript -Name '[x]').Name | Should -Be '[x]'
        (Get-AgentScript -Name '[xy]').Name | Should -Be 'x'
        Unregister-AgentScript -Name '[x]'
        (Get-AgentScript).Name | Should -Be @('wild-1', 'wild-2', 'x')
        Unregister-AgentScript -Name 'wild-*'
        (Get-AgentScript).Name | Should -Be 'x'
        Unregister-AgentScript -Name 'wild-3' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'a name registered again waits for the run its unregistered schedule left' {
        $dir = (Get-Item TestDrive:).FullName
        $lock = Join-Path $dir 'again.lock'
        $go = Join-Path $dir 'again.go'
        $overlaps = Join-Path $dir 'again.overlaps'
        # Two runs at once would find the lock taken; each run holds it until the test says go.
        $script = "mkdir '$lock' 2>/dev/null || { echo overlap >> '$overlaps'; exit 1; }; while [ ! -e '$go' ]; do sleep 0.1; done; rmdir '$lock'"
        $old = Register-AgentScript -Name again -Cron '* * * * * *' -Script $script
        Wait-Until { $old.IsRunning } 'the first run starts'
        Unregister-AgentScript -Name again

        $new = Register-AgentScript -Name again -Cron '* * * * * *' -Script $script
        $new.IsRunning | Should -BeTrue
        Wait-Until { $new.SkippedOverlaps -ge 1 } 'a firing of the new schedule is skipped'
        $new.Runs | Should -Be 0

        New-Item -ItemType File -Path $go | Out-Null
        Wait-Until { $new.Runs -ge 1 -and -not $new.IsRunning } 'the new schedule runs once the old run is over'
        Test-Path -LiteralPath $overlaps | Should -BeFalse
        (Get-AgentScriptResult -Name again -Status Ok).Count | Should -BeGreaterOrEqual 2
    }

    It 'accepts the day forms Cronos adds and refuses backwards ranges' {
        $next = (Register-AgentScript -Name month-end -Cron '0 0 18 L * *' -Script 'true' -TimeZone UTC).NextRun
        $next.Day | Should -Be ([DateTime]::DaysInMonth($next.Year, $next.Month))
        Register-AgentScript -Name night -Cron '0 0 22-2 * * *' -Script 'true' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentCronExpressionInvalid,AgentProc.Commands.RegisterAgentScriptCommand'
        $err[0].Exception.Message | Should -Match "hour field '22-2'.*22-23,0-2"
        Get-AgentScript -Name night -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Get-AgentCronOccurrence' {
    It 'lists the next N occurrences after a given instant' {
        $after = [DateTimeOffset]::new(2026, 1, 1, 0, 0, 0, [TimeSpan]::Zero)
        $times = Get-AgentCronOccurrence -Expression '0 */15 * * * *' -After $after -Count 3 -TimeZone UTC
        $times | Should -BeOfType ([AgentProc.Scheduling.AgentCronOccurrence])
        $times.Time | Should -Be @($after.AddMinutes(15), $after.AddMinutes(30), $after.AddMinutes(45))
        ($times | Format-Table | Out-String) | Should -Match '2026-01-01 00:15:00 \+00:00'
    }

    It 'reads day-of-month and day-of-week together as Vixie cron does (OR)' {
        $after = [DateTimeOffset]::new(2026, 2, 1, 0, 0, 0, [TimeSpan]::Zero)
        $times = Get-AgentCronOccurrence '0 0 0 13 * FRI' -After $after -Count 2 -TimeZone UTC
        $times[0].Time.Day | Should -Be 6   # Friday 6 February 2026
        $times[1].Time.Day | Should -Be 13
    }

    It 'reads L, W and # as Cronos does' {
        $after = [DateTimeOffset]::new(2026, 2, 1, 0, 0, 0, [TimeSpan]::Zero)
        (Get-AgentCronOccurrence '0 0 0 L * *' -After $after -Count 1 -TimeZone UTC).Time.Day | Should -Be 28
        (Get-AgentCronOccurrence '0 0 0 * * FRI#2' -After $after -Count 1 -TimeZone UTC).Time.Day | Should -Be 13
        (Get-AgentCronOccurrence '0 0 0 * * 1L' -After $after -Count 1 -TimeZone UTC).Time.Day | Should -Be 23
        (Get-AgentCronOccurrence '0 0 0 15W * *' -After $after -Count 1 -TimeZone UTC).Time.Day | Should -Be 16  # the 15th is a Sunday
    }

    It 'runs a time skipped by the clocks going forward once, right after the gap' {
        $after = [DateTimeOffset]::Parse('2026-03-28T00:00:00+01:00')
        $times = Get-AgentCronOccurrence '0 30 2 * * *' -TimeZone Europe/Berlin -After $after -Count 3
        $times.Time | ForEach-Object { $_.ToString('yyyy-MM-dd HH:mm zzz') } |
            Should -Be @('2026-03-28 02:30 +01:00', '2026-03-29 03:00 +02:00', '2026-03-30 02:30 +02:00')
    }

    It 'when the clocks go back, runs a fixed-time job once and an interval job on both sides' {
        $after = [DateTimeOffset]::Parse('2026-10-25T01:45:00+02:00')
        $fixed = Get-AgentCronOccurrence '0 30 2 * * *' -TimeZone Europe/Berlin -After $after -Count 2
        $fixed.Time | ForEach-Object { $_.ToString('MM-dd HH:mm zzz') } | Should -Be @('10-25 02:30 +02:00', '10-26 02:30 +01:00')
        $interval = Get-AgentCronOccurrence '0 */30 * * * *' -TimeZone Europe/Berlin -After $after -Count 4
        $interval.Time | ForEach-Object { $_.ToString('HH:mm zzz') } | Should -Be @('02:00 +02:00', '02:30 +02:00', '02:00 +01:00', '02:30 +01:00')
        ($interval[3].Time - $interval[0].Time) | Should -Be ([TimeSpan]::FromMinutes(90))
    }

    It 'takes Windows and IANA zone ids alike' {
        $after = [DateTimeOffset]::Parse('2026-07-01T00:00:00Z')
        $windows = Get-AgentCronOccurrence '0 0 9 * * *' -TimeZone 'W. Europe Standard Time' -After $after -Count 1
        $iana = Get-AgentCronOccurrence '0 0 9 * * *' -TimeZone 'Europe/Berlin' -After $after -Count 1
        $windows.Time | Should -Be $iana.Time
        $windows.Time.Offset | Should -Be ([TimeSpan]::FromHours(2))
    }

    It 'takes expressions from the pipeline' {
        @('@daily', '@hourly') | Get-AgentCronOccurrence -Count 1 | Should -HaveCount 2
    }

    It 'takes the expression and time zone of a registered schedule from the pipeline' {
        $null = Register-AgentScript -Name zoned -Cron '0 0 12 * * *' -Script 'true' -TimeZone 'Asia/Tokyo'
        try { (Get-AgentScript -Name zoned | Get-AgentCronOccurrence -Count 1).Time.Offset | Should -Be ([timespan]'09:00:00') }
        finally { Unregister-AgentScript -Name zoned }
    }

    It 'warns when an expression fires fewer times than asked, and for five fields' {
        $none = Get-AgentCronOccurrence '0 0 0 30 2 *' -WarningVariable warn -WarningAction SilentlyContinue
        $none | Should -BeNullOrEmpty
        ($warn -join "`n") | Should -Match 'never fires'
        $null = Get-AgentCronOccurrence '*/5 * * * *' -Count 1 -WarningVariable warn5 -WarningAction SilentlyContinue
        ($warn5 -join "`n") | Should -Match 'five fields'
    }

    It 'an invalid expression is an InvalidArgument error naming the field' {
        Get-AgentCronOccurrence '0 0 25 * * *' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentCronExpressionInvalid,AgentProc.Commands.GetAgentCronOccurrenceCommand'
        $err[0].Exception.Message | Should -Match 'hour'
    }

    It 'a count out of range is refused by [ValidateRange] before anything runs' {
        { Get-AgentCronOccurrence '@daily' -Count 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AgentProc.Commands.GetAgentCronOccurrenceCommand'
        { Get-AgentCronOccurrence '@daily' -Count 10001 } | Should -Throw '*10000*'
    }
}

Describe 'Register-AgentScript -Path' {
    AfterEach { Get-AgentScript | Unregister-AgentScript -Force -Confirm:$false }

    It 'schedules a script file, and runs it through the same runner' {
        $file = Join-Path (Get-Item TestDrive:).FullName 'tick.sh'
        Set-Content -LiteralPath $file -Value "echo ticked-from-file"
        $s = Register-AgentScript -Name file-tick -Cron '* * * * * *' -Path $file
        $s.Trigger | Should -Be 'Cron'
        Wait-Until { @(Get-AgentScriptResult -Name file-tick).Count -ge 1 } 'the file runs'
        $r = Get-AgentScriptResult -Name file-tick -Newest 1
        $r.Status | Should -Be 'Ok'
        $r.Output | Should -Match 'ticked-from-file'
    }

    It 'registers a script file to run at close, and a missing file is an error that registers nothing' {
        $file = Join-Path (Get-Item TestDrive:).FullName 'flush.sh'
        Set-Content -LiteralPath $file -Value "echo flushed"
        (Register-AgentScript -Name file-flush -OnClose -Path $file).Trigger | Should -Be 'OnClose'
        Register-AgentScript -Name file-missing -OnClose -Path (Join-Path (Get-Item TestDrive:).FullName 'nope.sh') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-AgentScript -Name file-missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
