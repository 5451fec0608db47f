BeforeAll {
    . $PSScriptRoot/common.ps1
    # Short delays keep the suite quick; the defaults are covered by the engine's unit tests.
    Set-AgentSession -ScriptGracePeriod 2 -PipeDelay 1 -LogDirectory (Join-Path (Get-Item TestDrive:).FullName logs) -DataDirectory (Join-Path (Get-Item TestDrive:).FullName data)
}

Describe 'Invoke-AgentScript' {
    It 'runs -Script text and writes a typed Ok result' {
        $r = Invoke-AgentScript -Script 'echo hi' -Name greet
        $r | Should -BeOfType ([AgentProc.Scripts.AgentScriptResult])
        $r.Name | Should -Be 'greet'
        $r.Status | Should -Be 'Ok'
        $r.ExitCode | Should -Be 0
        $r.Stage | Should -Be 'Manual'
        $r.Duration | Should -BeGreaterThan ([timespan]::Zero)
        $r.EndedAt | Should -BeGreaterThan $r.StartedAt
    }

    It 'writes the combined output to the log file, created 0600' {
        $r = Invoke-AgentScript -Script 'echo to-log; echo err >&2' -Name logged
        $r.LogPath | Should -BeLike '*agentproc-script-logged.log'
        Get-Content -LiteralPath $r.LogPath -Raw | Should -Match 'to-log'
        Get-Content -LiteralPath $r.LogPath -Raw | Should -Match 'err'
        if (-not $IsWindows) { (Get-Item -LiteralPath $r.LogPath).UnixMode | Should -Be '-rw-------' }
    }

    It 'streams output lines to the Information stream, tagged with the script name' {
        $null = Invoke-AgentScript -Script 'echo line1; echo line2' -Name tagged -InformationVariable info
        ($info | Where-Object { $_.Tags -contains 'tagged' }).MessageData | Should -Be @('line1', 'line2')
    }

    It 'a failing script is an ExitFailure result and a non-terminating error' {
        $r = Invoke-AgentScript -Script 'exit 3' -Name fails -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'ExitFailure'
        $r.ExitCode | Should -Be 3
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentScriptFailed,AgentProc.Commands.InvokeAgentScriptCommand'
        $err[0].TargetObject.Name | Should -Be 'fails'
    }

    It '-ErrorAction Stop on a failing script throws, after the other scripts ran to their end' {
        $marker = Join-Path (Get-Item TestDrive:).FullName 'slow-finished'
        {
            @(
                @{ Name = 'bad'; Script = 'exit 1' }
                @{ Name = 'slow'; Script = "sleep 1; touch '$marker'" }
            ) | Invoke-AgentScript -ErrorAction Stop
        } | Should -Throw -ErrorId 'AgentScriptFailed*'
        Test-Path -LiteralPath $marker | Should -BeTrue
    }

    It '-Timeout interrupts the script (SIGHUP) and reports TimedOut' {
        $r = Invoke-AgentScript -Script 'sleep 60' -Name slow -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable err
        $r.Status | Should -Be 'TimedOut'
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentScriptTimedOut,AgentProc.Commands.InvokeAgentScriptCommand'
    }

    It 'a script that ignores SIGHUP is killed after the grace period' {
        $r = Invoke-AgentScript -Script "trap '' HUP; while :; do sleep 0.1; done" -Name stubborn -Timeout 1 -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'TimedOut'
        $r.ExitCode | Should -Be 137
    }

    It 'a background child holding the output pipe gives PipesLeftOpen and a warning' {
        $r = Invoke-AgentScript -Script 'sleep 30 & echo started' -Name leaky -WarningVariable warn -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'PipesLeftOpen'
        ($warn -join "`n") | Should -Match 'redirect'
        Get-Content -LiteralPath $r.LogPath -Raw | Should -Match 'redirect'
    }

    It 'runs a -Path script file relative to $PWD' {
        Set-Content -LiteralPath TestDrive:/job.sh -Value "echo from-file"
        Push-Location TestDrive:
        try { $r = Invoke-AgentScript -Path ./job.sh }
        finally { Pop-Location }
        $r.Name | Should -Be 'job'
        $r.Status | Should -Be 'Ok'
        $r.Output | Should -Match 'from-file'
    }

    It 'gives each script a private data directory and the shared bin directory' {
        $r = Invoke-AgentScript -Script 'echo "$AGENTPROC_SCRIPT_DATA_DIR|$AGENTPROC_SCRIPT_BIN_DIR"' -Name dirs
        $dirs = $r.Output.Trim().Split('|')
        $dirs[0] | Should -BeLike '*/scripts/dirs'
        $dirs[1] | Should -BeLike '*/bin'
        Test-Path -LiteralPath $dirs[0] | Should -BeTrue
        Test-Path -LiteralPath $dirs[1] | Should -BeTrue
        if (-not $IsWindows) { (Get-Item -LiteralPath $dirs[0]).UnixMode | Should -Be 'drwx------' }
    }

    It 'runs piped hashtables in parallel, in dependency order, skipping what depends on a failure' {
        $results = @(
            @{ Name = 'build'; Script = 'echo build' }
            @{ Name = 'test'; Script = 'exit 1'; DependsOn = 'build' }
            @{ Name = 'deploy'; Script = 'echo deploy'; DependsOn = 'test' }
            @{ Name = 'report'; Script = 'echo report'; After = 'test' }
        ) | Invoke-AgentScript -ErrorAction SilentlyContinue
        $byName = @{}; $results | ForEach-Object { $byName[$_.Name] = $_ }
        $byName.build.Status | Should -Be 'Ok'
        $byName.test.Status | Should -Be 'ExitFailure'
        $byName.deploy.Status | Should -Be 'Skipped'
        $byName.deploy.Reason | Should -Match 'test'
        $byName.report.Status | Should -Be 'Ok'
        $byName.report.StartedAt | Should -BeGreaterThan $byName.test.EndedAt
    }

    It 'drops a dependency outside the run with a warning' {
        $r = @{ Name = 'lonely'; Script = 'true'; DependsOn = 'ghost' } | Invoke-AgentScript -WarningVariable warn -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Ok'
        ($warn -join "`n") | Should -Match 'ghost'
    }

    It 'a dependency cycle is a terminating error before anything runs' {
        $marker = Join-Path (Get-Item TestDrive:).FullName 'cycle-ran'
        {
            @(
                @{ Name = 'a'; Script = "touch '$marker'"; DependsOn = 'b' }
                @{ Name = 'b'; Script = "touch '$marker'"; DependsOn = 'a' }
            ) | Invoke-AgentScript
        } | Should -Throw
        Test-Path -LiteralPath $marker | Should -BeFalse
    }

    It 'rejects bad input before anything starts' -TestCases @(
        @{ Case = 'empty script'; Call = { Invoke-AgentScript -Script '   ' } }
        @{ Case = 'missing file'; Call = { Invoke-AgentScript -Path TestDrive:/missing.sh } }
        @{ Case = 'negative timeout'; Call = { Invoke-AgentScript -Script 'true' -Timeout -1 } }
        @{ Case = 'duplicate names'; Call = { @{ Name = 'x'; Script = 'true' }, @{ Name = 'x'; Script = 'true' } | Invoke-AgentScript } }
        @{ Case = 'unknown property'; Call = { @{ Name = 'x'; Script = 'true'; Colour = 'red' } | Invoke-AgentScript } }
    ) {
        $Call | Should -Throw
    }

    It '-ThrottleLimit bounds how many run at once' {
        $log = Join-Path (Get-Item TestDrive:).FullName 'throttle.log'
        $results = 1..8 | ForEach-Object { @{ Name = "t$_"; Script = "echo start >> '$log'; sleep 0.3; echo end >> '$log'" } } | Invoke-AgentScript -ThrottleLimit 2
        $results.Count | Should -Be 8
        $running = 0; $max = 0
        foreach ($line in Get-Content -LiteralPath $log) {
            if ($line -eq 'start') { $running++ } else { $running-- }
            $max = [Math]::Max($max, $running)
        }
        $max | Should -BeLessOrEqual 2
    }

    It 'Ctrl+C cancels the running scripts and they are reported Canceled' {
        $ps = New-ModuleRunspace
        try {
            $marker = Join-Path (Get-Item TestDrive:).FullName 'cancel-started'
            $async = $ps.AddScript("Set-AgentSession -ScriptGracePeriod 1; Invoke-AgentScript -Script `"touch '$marker'; sleep 60`" -Name long").BeginInvoke()
            Wait-Until { Test-Path -LiteralPath $marker } 'the script starts'
            $ps.Stop()
            $counters = (Invoke-InRunspace $ps 'Get-AgentSession').Scripts
            $counters.Canceled | Should -Be 1
        }
        finally { $ps.Dispose() }
    }

    It '-Stage names why the scripts ran' -TestCases @(@{ Stage = 'Start' }, @{ Stage = 'Stop' }, @{ Stage = 'Manual' }) {
        (Invoke-AgentScript -Script 'true' -Name "stage-$Stage" -Stage $Stage).Stage | Should -Be $Stage
    }

    It '-Stage Cron is refused: it is for scheduled runs' {
        { Invoke-AgentScript -Script 'true' -Name cron-stage -Stage Cron } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AgentProc.Commands.InvokeAgentScriptCommand'
    }

    It 'counts executed scripts by success and failure in the session' {
        $before = (Get-AgentSession).Scripts
        $null = Invoke-AgentScript -Script 'true' -Name c1
        $null = Invoke-AgentScript -Script 'false' -Name c2 -ErrorAction SilentlyContinue
        $after = (Get-AgentSession).Scripts
        $after.Succeeded - $before.Succeeded | Should -Be 1
        $after.Failed - $before.Failed | Should -Be 1
        $after.Executed - $before.Executed | Should -Be 2
    }

    It 'formats results as a table with Name, Status and ExitCode' {
        (Invoke-AgentScript -Script 'true' -Name fmt | Format-Table | Out-String) | Should -Match 'Name\s+Status\s+ExitCode'
    }
}

Describe 'Script output by stream' {
    It 'tags each Information record stdout or stderr, beside AgentProc and the script name' {
        $null = Invoke-AgentScript -Script 'echo out1; echo err1 >&2; echo out2; ls /nonexistent-agentproc-path' -Name streams -InformationVariable info -ErrorAction SilentlyContinue
        ($info | Where-Object { $_.Tags -contains 'stdout' }).MessageData | Should -Be @('out1', 'out2')
        $errors = @(($info | Where-Object { $_.Tags -contains 'stderr' }).MessageData)
        $errors[0] | Should -Be 'err1'
        $errors[1] | Should -Match 'nonexistent-agentproc-path'
        foreach ($record in $info) {
            $record.Tags | Should -Contain 'AgentProc'
            $record.Tags | Should -Contain 'streams'
            $record.Source | Should -Be 'AgentScript:streams'
        }
    }

    It 'keeps both streams in the log file and the result, in the order they arrived' {
        # As a job, so each line can wait until the one before has arrived: what is pending on both pipes
        # at once is read stdout first, whatever order it was written in.
        $gate = Join-Path (Get-Item TestDrive:).FullName "order-gate-$([guid]::NewGuid().ToString('N'))"
        $job = Invoke-AgentScript -Script "echo first; while [ ! -e '$gate-1' ]; do sleep 0.02; done; echo second >&2; while [ ! -e '$gate-2' ]; do sleep 0.02; done; echo third" -Name ordered -AsJob
        try {
            Wait-Until { $job.Information.Count -ge 1 } 'the first line arrives'
            New-Item -ItemType File -Path "$gate-1" | Out-Null
            Wait-Until { $job.Information.Count -ge 2 } 'the second line arrives'
            New-Item -ItemType File -Path "$gate-2" | Out-Null
            $r = Receive-Job $job -Wait -InformationVariable info
        }
        finally { Remove-Job $job -Force }
        $r.Output | Should -Be "first`nsecond`nthird`n"
        Get-Content -LiteralPath $r.LogPath | Where-Object { $_ -notmatch '^=== ' } | Should -Be @('first', 'second', 'third')
        $info.MessageData | Should -Be @('first', 'second', 'third')
        ($info | ForEach-Object { @($_.Tags)[-1] }) | Should -Be @('stdout', 'stderr', 'stdout')
    }

    It '-StderrAsWarning writes stderr lines as warnings named after the script, stdout still to Information' {
        $r = Invoke-AgentScript -Script 'echo fine; echo careful >&2; echo done' -Name warns -StderrAsWarning -InformationVariable info -WarningVariable warned -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Ok'
        @($warned).Message | Should -Be '[warns] careful'
        $info.MessageData | Should -Be @('fine', 'done')
        # Written within the same instant to two pipes: both are kept, in the order they were read.
        ($r.Output -split "`n" | Where-Object { $_ } | Sort-Object) | Should -Be @('careful', 'done', 'fine')
    }

    It '-StderrAsWarning still warns when the Information stream is ignored' {
        $null = Invoke-AgentScript -Script 'echo quiet; echo loud >&2' -Name ignored -StderrAsWarning -InformationAction Ignore -WarningVariable warned -WarningAction SilentlyContinue
        @($warned).Message | Should -Be '[ignored] loud'
    }

    It '-StderrAsWarning reports the lines of a script that runs for seconds, each as it comes' {
        $out = Invoke-AgentScript -Script 'for i in 1 2 3; do echo tick$i >&2; sleep 1; done; echo finished' -Name ticker -StderrAsWarning -WarningAction Continue 3>&1 6>&1
        $warnings = @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Message | Should -Be @('[ticker] tick1', '[ticker] tick2', '[ticker] tick3')
        # Each warning came before the result: it was written when its line was read, not at the end.
        $kinds = @($out | ForEach-Object { $_.GetType().Name })
        [array]::LastIndexOf($kinds, 'WarningRecord') | Should -BeLessThan ([array]::IndexOf($kinds, 'AgentScriptResult'))
        ($out | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData | Should -Be 'finished'
    }

    It 'a script job tags its Information records by stream, and -StderrAsWarning puts stderr in the job''s Warning stream while it runs' {
        $go = Join-Path (Get-Item TestDrive:).FullName "stream-job-$([guid]::NewGuid().ToString('N'))"
        $job = Invoke-AgentScript -Script "echo out; echo early-problem >&2; while [ ! -e '$go' ]; do sleep 0.05; done; echo late >&2" -Name streamjob -StderrAsWarning -AsJob
        try {
            Wait-Until { $job.Warning.Count -ge 1 } 'the first stderr line reaches the job as a warning'
            $job.State | Should -Be 'Running'
            $job.Warning[0].Message | Should -Be '[streamjob] early-problem'
            New-Item -ItemType File -Path $go | Out-Null
            $result = Receive-Job $job -Wait -InformationVariable info -WarningVariable warned -WarningAction SilentlyContinue
            $result.Status | Should -Be 'Ok'
            $warned.Message | Should -Be @('[streamjob] early-problem', '[streamjob] late')
            $info.MessageData | Should -Be 'out'
            $info.Tags | Should -Contain 'stdout'
        }
        finally { Remove-Job $job -Force }

        $plain = Invoke-AgentScript -Script 'echo o; echo e >&2' -Name plainjob -AsJob
        try {
            $null = Receive-Job $plain -Wait -InformationVariable info2
            ($info2 | Where-Object { $_.Tags -contains 'stderr' }).MessageData | Should -Be 'e'
            ($info2 | Where-Object { $_.Tags -contains 'stdout' }).MessageData | Should -Be 'o'
        }
        finally { Remove-Job $plain -Force }
    }

    It 'tags the streams apart on the fallback start path too' -Skip:$IsWindows {
        $command = "Import-Module '$script:ModuleManifest'; " +
            "Set-AgentSession -LogDirectory '$((Get-Item TestDrive:).FullName)/fallback-logs'; " +
            "`$null = Invoke-AgentScript -Script 'echo to-out; echo to-err >&2' -Name fb -InformationVariable info; " +
            "`$info | ForEach-Object { `$_.MessageData + '=' + @(`$_.Tags)[-1] }"
        $env:AGENTPROC_START_PATH = 'fallback'
        try {
            $out = & (Get-PwshPath) -NoProfile -NonInteractive -Command $command
        }
        finally {
            Remove-Item Env:AGENTPROC_START_PATH
        }
        $out | Should -Be @('to-out=stdout', 'to-err=stderr')
    }
}
