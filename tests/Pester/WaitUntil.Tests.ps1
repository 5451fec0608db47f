BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

# The example of the README and of Get-Help Wait-AgentProcess, as it is written there.
Describe 'The web server' {
    BeforeAll {
        # Port 0: the server takes a free port and prints it; -Until reads it back from the line.
        $server = Start-AgentProcess -FilePath python3 -ArgumentList '-u', '-m', 'http.server', '0', '--bind', '127.0.0.1' -Name web
        $ready = $server | Wait-AgentProcess -Until 'port (?<port>\d+)' -Timeout 30 -ErrorAction Stop
        $url = "http://127.0.0.1:$($ready.Groups['port'].Value)/"
    }

    It 'serves the directory listing' {
        $page = Invoke-WebRequest -Uri $url -UseBasicParsing
        $page.StatusCode | Should -Be 200
        $page.Content | Should -Match 'Directory listing'
    }

    It 'logged the request, which -Since reads after the ready line' {
        Invoke-WebRequest -Uri "$($url)logged" -UseBasicParsing -SkipHttpErrorCheck | Out-Null
        Wait-Until { (Receive-AgentProcessOutput -InputObject $server -Since $ready.Cursor).Output -match 'GET /logged' } 'the server logs the request'
        (Receive-AgentProcessOutput -InputObject $server -Since $ready.Cursor).Output | Should -Not -Match 'Serving HTTP'
    }

    AfterAll {
        $server | Remove-AgentProcess -Force
    }
}

Describe 'Wait-AgentProcess -Until' {
    AfterEach { Clear-AgentProcesses }

    It 'returns the match: the line, the value, the groups, the process and the cursor after the line' {
        $p = Start-AgentProcess "echo booting; echo 'listening on port 8123'; sleep 60" -Name svc
        $m = $p | Wait-AgentProcess -Until 'port (?<port>\d+)' -Timeout 30

        $m | Should -BeOfType AgentProc.Processes.AgentProcessOutputMatch
        $m.Line | Should -Be 'listening on port 8123'
        $m.Value | Should -Be 'port 8123'
        $m.Groups['port'].Value | Should -Be '8123'
        $m.Match.Success | Should -BeTrue
        $m.Pattern | Should -Be 'port (?<port>\d+)'
        $m.Process.InstanceId | Should -Be $p.InstanceId
        $m.Name | Should -Be 'svc'
        $m.Cursor | Should -Be 31
        "$m" | Should -Be 'listening on port 8123'
        $p.State | Should -Be 'Running'
    }

    It 'waits for a line written after the wait began' {
        $go = Join-Path (Get-Item TestDrive:).FullName "ready-$([guid]::NewGuid().ToString('N'))"
        $ps = New-ModuleRunspace
        try {
            $p = Invoke-InRunspace $ps "Start-AgentProcess `"while [ ! -e '$go' ]; do sleep 0.02; done; echo READY; sleep 60`" -Name late"
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $ps.Commands.Clear()
            $async = $ps.AddScript('Get-AgentProcess -Name late | Wait-AgentProcess -Until ready -Timeout 60').BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $async.IsCompleted | Should -BeFalse
            New-Item -ItemType File -Path $go | Out-Null
            Wait-Until { $async.IsCompleted } 'the wait ends'
            $output[0].Line | Should -Be 'READY'
        }
        finally {
            $null = Invoke-InRunspace $ps 'Get-AgentProcess | Remove-AgentProcess -Force'
            $ps.Dispose()
        }
    }

    It 'matches a prompt that has no newline yet' {
        $p = Start-AgentProcess "printf 'Password: '; sleep 60"
        ($p | Wait-AgentProcess -Until 'password:\s*$' -Timeout 30).Line | Should -Be 'Password: '
    }

    It 'ignores case unless -CaseSensitive' {
        $p = Start-AgentProcess 'echo Ready; sleep 60'
        ($p | Wait-AgentProcess -Until 'READY' -Timeout 30).Value | Should -Be 'Ready'
        $p | Wait-AgentProcess -Until 'READY' -CaseSensitive -Timeout 1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'fails when the process exits first, saying how, with the last lines of its output' {
        $p = Start-AgentProcess 'seq 1 20; echo "Address already in use" >&2; exit 3' -Name dies
        $p | Wait-AgentProcess -Until listening -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessExitedBeforeMatch,AgentProc.Commands.WaitAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].TargetObject.InstanceId | Should -Be $p.InstanceId
        $message = "$($err[0])"
        $message | Should -Match "agent process $($p.Id) \(dies\) exited with code 3 before its output matched 'listening'"
        $message | Should -Match "12\r?\n13\r?\n(.|\n)*20\r?\nAddress already in use$"
        $message | Should -Not -Match "\n11\r?\n"
    }

    It 'fails when the timeout passes first, with the last lines, and leaves the process running' {
        $p = Start-AgentProcess 'echo still booting; sleep 60'
        { $p | Wait-AgentProcess -Until ready -Timeout 1 -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessMatchTimedOut*'
        $p | Wait-AgentProcess -Until ready -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$($err[0])" | Should -Match 'did not match .ready. within 00:00:01; the process is still running\. The last lines of its output:\s+still booting$'
        $p.State | Should -Be 'Running'
    }

    It '-Any returns the first match and stops waiting for the others' {
        $slow = Start-AgentProcess 'sleep 60' -Name never-ready
        $fast = Start-AgentProcess 'echo ready; sleep 60' -Name ready-one
        $m = $slow, $fast | Wait-AgentProcess -Until ready -Any -Timeout 30
        @($m).Count | Should -Be 1
        $m.Name | Should -Be 'ready-one'
    }

    It 'waits for every process, writing a match for each' {
        $ps = 1..3 | ForEach-Object { Start-AgentProcess "echo 'worker $_ up'; sleep 60" }
        $m = $ps | Wait-AgentProcess -Until 'worker (\d) up' -Timeout 30
        $m.Count | Should -Be 3
        ($m | ForEach-Object { $_.Groups[1].Value } | Sort-Object) | Should -Be @('1', '2', '3')
    }

    It 'a match pipes on to the process cmdlets' {
        $p = Start-AgentProcess 'echo up; sleep 60'
        $p | Wait-AgentProcess -Until up -Timeout 30 | Stop-AgentProcess
        ($p | Wait-AgentProcess -Timeout 30).Signal | Should -Be 'SIGTERM'
    }

    It 'an invalid pattern is a terminating error before anything is waited for' {
        $p = Start-AgentProcess 'sleep 60'
        { $p | Wait-AgentProcess -Until '(' -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessInvalidPattern*'
        { $p | Wait-AgentProcess -CaseSensitive -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcInvalidArgument*'
    }

    It 'Ctrl+C stops the wait and leaves the process running' {
        $ps = New-ModuleRunspace
        try {
            $marker = Join-Path (Get-Item TestDrive:).FullName "until-$([guid]::NewGuid().ToString('N'))"
            $null = $ps.AddScript("Start-AgentProcess `"touch '$marker'; sleep 60`" -Name waiting | Wait-AgentProcess -Until never").BeginInvoke()
            Wait-Until { Test-Path -LiteralPath $marker } 'the process starts'
            $ps.Stop()
            (Invoke-InRunspace $ps 'Get-AgentProcess -Name waiting').State | Should -Be 'Running'
        }
        finally {
            $null = Invoke-InRunspace $ps 'Get-AgentProcess | Remove-AgentProcess -Force'
            $ps.Dispose()
        }
    }
}
