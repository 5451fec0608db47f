BeforeAll {
    . $PSScriptRoot/common.ps1
    Set-AgentSession -LogDirectory (Join-Path (Get-Item TestDrive:).FullName logs)

    # The rendered line of the row that contains $Key, at $Width columns.
    function Get-ViewRow {
        param($InputObject, [string] $Key, [int] $Width, [string] $View = 'Table')
        $text = if ($View -eq 'Table') { $InputObject | Format-Table | Out-String -Width $Width } else { $InputObject | Format-List | Out-String -Width $Width }
        $row = @($text -split "`r?`n" | Where-Object { $_ -match [regex]::Escape($Key) }) | Select-Object -First 1
        if (-not $row) { throw "No row with '$Key' in:`n$text" }
        $row
    }
}

Describe 'Format views show their values, at 80 and 200 columns' {
    BeforeDiscovery {
        $script:widths = @(@{ Width = 80 }, @{ Width = 200 })
    }

    BeforeAll {
        $script:running = Start-AgentProcess 'sleep 60 # a-running-command' -Name view-run
        $script:done = Start-AgentProcess 'echo out; exit 3' -Name view-done -Wait
        $script:killed = Start-AgentProcess 'sleep 60' -Name view-kill
        $killed | Stop-AgentProcess -Kill | Out-Null
        $killed = $killed | Wait-AgentProcess -Timeout 30
        $script:result = Invoke-AgentScript -Script 'sleep 1; echo done' -Name view-script
        $script:schedule = Register-AgentScript -Name view-sched -Cron '0 0 3 * * *' -Script 'true'
    }
    AfterAll {
        Clear-AgentProcesses
        Get-AgentScript | Unregister-AgentScript -Force -Confirm:$false
    }

    It 'AgentProcess table: id, name, state, exit code with signal, pid, duration and the command (<Width>)' -TestCases $widths {
        $row = Get-ViewRow (Get-AgentProcess -Name view-run) 'view-run' $Width
        $row | Should -Match "^\s*$($running.Id)\s+view-run\s+Running\s+$($running.ProcessId)\s+\d\d:\d\d:\d\d\.\d\d\s+sleep 60"
        $row = Get-ViewRow (Get-AgentProcess -Name view-done) 'view-done' $Width
        $row | Should -Match "^\s*$($done.Id)\s+view-done\s+Exited\s+3\s+$($done.ProcessId)\s+\d\d:\d\d:\d\d\.\d\d\s+echo out"
        $row = Get-ViewRow (Get-AgentProcess -Name view-kill) 'view-kill' $Width
        $row | Should -Match 'Exited\s+137 KILL\s'
    }

    It 'AgentProcess list: every property has its value (<Width>)' -TestCases $widths {
        $text = $done | Format-List | Out-String -Width $Width
        $text | Should -Match "InstanceId\s+: $($done.InstanceId)"
        $text | Should -Match 'Command\s+: echo out; exit 3'
        $text | Should -Match 'ExitCode\s+: 3'
        $text | Should -Match 'StartedAt\s+: \S+'
        $text | Should -Match 'ExitedAt\s+: \S+'
        $text | Should -Match 'OutputBytes\s+: 4'
    }

    It 'AgentProcessOutput list and table: the output and its size (<Width>)' -TestCases $widths {
        $out = $done | Receive-AgentProcessOutput
        $list = $out | Format-List | Out-String -Width $Width
        $list | Should -Match 'Bytes\s+: 4'
        $list | Should -Match 'Output\s+: out'
        $row = Get-ViewRow $out 'view-done' $Width
        $row | Should -Match "^\s*$($done.Id)\s+view-done\s+Exited\s+3\s+4\s+False\s+out"
    }

    It 'AgentScriptResult table: status, exit code, stage, start time and duration (<Width>)' -TestCases $widths {
        $row = Get-ViewRow $result 'view-script' $Width
        $row | Should -Match '^view-script\s+Ok\s+0\s+Manual\s+\d\d:\d\d:\d\d\s+00:00:0\d\.\d\d'
    }

    It 'AgentScriptSchedule table: cron, next run, runs and skips (<Width>)' -TestCases $widths {
        $row = Get-ViewRow (Get-AgentScript -Name view-sched) 'view-sched' $Width
        $expected = $schedule.NextRun.LocalDateTime.ToString('yyyy-MM-dd HH:mm:ss')
        $row | Should -Match "^view-sched\s+0 0 3 \* \* \*\s+$([regex]::Escape($expected))\s+0\s+0"
    }

    It 'AgentSessionInfo list: counts and settings (<Width>)' -TestCases $widths {
        $all = @(Get-AgentProcess)
        $runningCount = @($all | Where-Object State -EQ 'Running').Count
        $text = Get-AgentSession | Format-List | Out-String -Width $Width
        $text | Should -Match "Processes\s+: $runningCount running of $($all.Count)"
        $text | Should -Match 'Buffer\s+: head 16384 B, tail 16384 B, lines cut at 2048'
        $text | Should -Match 'Scripts\s+: Executed \d+'
    }

    It 'AgentSessionLogEntry table: time, level, category and message (<Width>)' -TestCases $widths {
        $entry = Get-AgentSessionLog | Where-Object Message -Match "Agent process $($done.Id) \(view-done\) exited" | Select-Object -First 1
        $entry | Should -Not -BeNullOrEmpty
        $row = Get-ViewRow $entry 'view-done' $Width
        $row | Should -Match '^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\s+Information\s+\S+\s+Agent process'
    }

    It 'AgentCronOccurrence table: the time in its zone, the day and the zone (<Width>)' -TestCases $widths {
        $o = Get-AgentCronOccurrence '0 30 9 * * MON' -TimeZone 'Europe/Berlin' -Count 1
        $row = Get-ViewRow $o 'Monday' $Width
        $row | Should -Match '^\d{4}-\d\d-\d\d 09:30:00 \+0[12]:00\s+Monday\s+Europe/Berlin\s+0 30 9 \* \* MON'
    }
}
