BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

Describe 'Start-AgentProcess -FilePath -ArgumentList' {
    AfterEach { Clear-AgentProcesses }

    It 'passes each argument to the program as it is: nothing is expanded, split or needs quoting' {
        $arguments = '$HOME', '*', 'a b', "it's", '"q"', '', '`date`', 'semi;colon'
        $p = Start-AgentProcess -FilePath printf -ArgumentList (@('[%s]\n') + $arguments) -Wait
        $p.ExitCode | Should -Be 0
        (Receive-AgentProcessOutput -InputObject $p).Output | Should -Be (($arguments | ForEach-Object { "[$_]`n" }) -join '')
    }

    It 'runs no shell: the process is the program, in its own group' {
        $p = Start-AgentProcess -FilePath sleep -ArgumentList 60
        Wait-Until { (Get-Content -LiteralPath "/proc/$($p.ProcessId)/cmdline" -Raw) -notmatch 'setsid' } 'setsid execs the program'
        (Get-Content -LiteralPath "/proc/$($p.ProcessId)/cmdline" -Raw).Split([char]0, [StringSplitOptions]::RemoveEmptyEntries) | Select-Object -Skip 1 | Should -Be '60'
        $p.Name | Should -Be 'sleep'
        $p.FilePath | Should -Match '/sleep$'
        $p.ArgumentList | Should -Be '60'
        $p.Command | Should -Be "$($p.FilePath) 60"
    }

    It 'finds a bare name on the PATH the process gets' {
        $bin = Join-Path (Get-Item TestDrive:).FullName "bin-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $bin | Out-Null
        Set-Content -LiteralPath (Join-Path $bin 'greet-tool') -Value '#!/bin/sh', 'echo "hello $1"'
        & chmod +x (Join-Path $bin 'greet-tool')
        $p = Start-AgentProcess -FilePath greet-tool -ArgumentList 'a b' -Environment @{ PATH = "$($bin):/usr/bin:/bin" } -Wait
        (Receive-AgentProcessOutput -InputObject $p).Output | Should -Be "hello a b`n"
    }

    It 'resolves a path against the current location, ~ and drives included' {
        $dir = Join-Path (Get-Item TestDrive:).FullName "tools-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $dir | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'run') -Value '#!/bin/sh', 'echo ran'
        & chmod +x (Join-Path $dir 'run')
        Push-Location $dir
        try {
            $p = Start-AgentProcess -FilePath ./run -Wait
            $p.FilePath | Should -Be (Join-Path $dir 'run')
            (Receive-AgentProcessOutput -InputObject $p).Output | Should -Be "ran`n"
        }
        finally { Pop-Location }
    }

    It 'captures standard error too' {
        $p = Start-AgentProcess -FilePath sh -ArgumentList '-c', 'echo to-err >&2; exit 5' -Wait
        $p.ExitCode | Should -Be 5
        (Receive-AgentProcessOutput -InputObject $p).Output | Should -Be "to-err`n"
    }

    It 'a program that cannot be found or run is an error before anything starts' {
        { Start-AgentProcess -FilePath agentproc-no-such-tool -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessProgramNotFound*'
        { Start-AgentProcess -FilePath ./no/such/tool -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessProgramNotFound*'
        { Start-AgentProcess -FilePath (Get-Item TestDrive:).FullName -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessProgramNotRunnable*'
        { Start-AgentProcess -FilePath '' -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessEmptyProgram*'
        { Start-AgentProcess -FilePath echo -ArgumentList "a`0b" -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessNulCharacter*'
        Get-AgentProcess | Should -BeNullOrEmpty
    }

    It '-FilePath cannot be used with -Command or -Shell' {
        { Start-AgentProcess -FilePath echo -Shell Bash -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        { Start-AgentProcess -FilePath echo -Command 'echo' -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It '-WhatIf starts nothing' {
        Start-AgentProcess -FilePath echo -ArgumentList 'a b' -WhatIf | Should -BeNullOrEmpty
        Get-AgentProcess | Should -BeNullOrEmpty
    }
}
