BeforeAll {
    . $PSScriptRoot/common.ps1

    function New-GatePath([string] $Name) { Join-Path (Get-Item TestDrive:).FullName "$Name-$([guid]::NewGuid().ToString('N'))" }
}
AfterAll { Clear-AgentProcesses }

Describe 'Receive-AgentProcessOutput -Follow' {
    AfterEach { Clear-AgentProcesses }

    It 'writes each line as the process writes it, and returns when it exits' {
        $go = New-GatePath go
        $p = Start-AgentProcess "echo first; while [ ! -e '$go' ]; do sleep 0.02; done; echo second; printf last"
        # The process goes on only once the follower has written 'first': lines come before the exit.
        $lines = Receive-AgentProcessOutput -InputObject $p -Follow | ForEach-Object {
            if ($_ -eq 'first') { New-Item -ItemType File -Path $go | Out-Null }
            $_
        }
        $lines | Should -Be @('first', 'second', 'last')
        $p.State | Should -Be 'Exited'
    }

    It 'starts with the output already written, and follows by -Id, -Name and from the pipeline' {
        $p = Start-AgentProcess 'echo one; echo two' -Name followed -Wait
        Receive-AgentProcessOutput -Id $p.Id -Follow | Should -Be @('one', 'two')
        Receive-AgentProcessOutput -Name followed -Follow | Should -Be @('one', 'two')
        $p | Receive-AgentProcessOutput -Follow | Should -Be @('one', 'two')
    }

    It 'decodes characters split across reads and cuts long lines once, as the snapshot does' {
        $p = Start-AgentProcess "printf 'caf\303'; sleep 0.1; printf '\251 😀\n'; head -c 5000 /dev/zero | tr '\0' x; echo" -Wait
        $lines = @(Receive-AgentProcessOutput -InputObject $p -Follow)
        $lines[0] | Should -Be 'café 😀'
        $lines[1] | Should -Be (('x' * 2048) + '... [truncated]')
        $lines.Count | Should -Be 2
    }

    It 'stands a marker line in for output the window no longer held' {
        $p = Start-AgentProcess 'head -c 200000 /dev/zero | tr "\0" "x" | fold -w 99; echo; echo end' -Wait
        $lines = @(Receive-AgentProcessOutput -InputObject $p -Follow)
        $lines[0] | Should -Match '^\.\.\. \[omitted \d+ bytes\] \.\.\.$'
        $lines[-1] | Should -Be 'end'
        # The follower starts at byte 0; the window holds the last 64 KiB: the rest is omitted.
        [long]($lines[0] -replace '\D') | Should -Be ($p.OutputBytes - 65536)
    }

    It '-Since follows from a cursor' {
        $p = Start-AgentProcess 'echo one; echo two' -Wait
        Receive-AgentProcessOutput -InputObject $p -Follow -Since 4 | Should -Be 'two'
    }

    It 'Ctrl+C stops following and leaves the process running' {
        $ps = New-ModuleRunspace
        try {
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $null = $ps.AddScript('Start-AgentProcess "echo up; sleep 60" -Name server | Receive-AgentProcessOutput -Follow').BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            Wait-Until { $output.Count -ge 1 } 'the follower writes the first line'
            $output[0] | Should -Be 'up'
            $ps.Stop()
            $left = Invoke-InRunspace $ps 'Get-AgentProcess -Name server'
            $left.State | Should -Be 'Running'
        }
        finally {
            $null = Invoke-InRunspace $ps 'Get-AgentProcess | Remove-AgentProcess -Force'
            $ps.Dispose()
        }
    }

    It '-Timeout stops following a process that is still running, with a warning' {
        $p = Start-AgentProcess 'echo hello; sleep 60'
        $lines = Receive-AgentProcessOutput -InputObject $p -Follow -Timeout 1 -WarningVariable warned -WarningAction SilentlyContinue
        $lines | Should -Be 'hello'
        "$warned" | Should -Match 'still running'
        $p.State | Should -Be 'Running'
    }

    It '-Follow with -Wait is refused' {
        $p = Start-AgentProcess 'true'
        { $p | Receive-AgentProcessOutput -Follow -Wait -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcInvalidArgument*'
    }
}

Describe 'Receive-AgentProcessOutput -Since' {
    AfterEach { Clear-AgentProcesses }

    It 'returns only the output after the cursor, and the cursor to read from next' {
        $go = New-GatePath since
        $p = Start-AgentProcess "echo first; while [ ! -e '$go' ]; do sleep 0.02; done; echo second"
        Wait-Until { $p.OutputBytes -ge 6 } 'the first line is written'

        $read = Receive-AgentProcessOutput -InputObject $p -Since 0
        $read | Should -BeOfType AgentProc.Processes.AgentProcessOutputChunk
        $read.Output | Should -Be "first`n"
        $read.Cursor | Should -Be 0
        $read.NextCursor | Should -Be 6
        $read.Complete | Should -BeFalse
        (Receive-AgentProcessOutput -InputObject $p -Since $read.NextCursor).Output | Should -Be ''

        New-Item -ItemType File -Path $go | Out-Null
        $p | Wait-AgentProcess -Timeout 30 | Out-Null
        $next = Receive-AgentProcessOutput -InputObject $p -Since $read.NextCursor
        $next.Output | Should -Be "second`n"
        $next.NextCursor | Should -Be 13
        $next.OmittedBytes | Should -Be 0
        $next.Complete | Should -BeTrue
        $next.State | Should -Be 'Exited'
    }

    It 'says how many bytes the window no longer held' {
        $p = Start-AgentProcess 'head -c 100000 /dev/zero | tr "\0" x' -Wait
        $read = Receive-AgentProcessOutput -InputObject $p -Since 0
        $read.OmittedBytes | Should -Be (100000 - 65536)
        # One line with no newline: cut to 2048 characters, as the snapshot cuts it.
        $read.Output | Should -Be (('x' * 2048) + '... [truncated]')
        $read.LinesCut | Should -Be 1
        $read.NextCursor | Should -Be 100000
    }

    It 'a cursor past the output is an error that names it' {
        $p = Start-AgentProcess 'printf abc' -Wait
        { Receive-AgentProcessOutput -InputObject $p -Since 4 -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessInvalidCursor*'
        { Receive-AgentProcessOutput -InputObject $p -Follow -Since 4 -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessInvalidCursor*'
    }
}
