BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

Describe 'Stop-AgentProcess' {
    AfterEach { Clear-AgentProcesses }

    It 'sends SIGTERM to the whole group: the shell and its children end' {
        $p = Start-AgentProcess 'sleep 300 & echo child=$!; wait'
        Wait-Until { ($p | Receive-AgentProcessOutput).Output -match 'child=(\d+)' } 'the child reports its pid'
        $child = [int]([regex]::Match(($p | Receive-AgentProcessOutput).Output, 'child=(\d+)').Groups[1].Value)
        $p | Stop-AgentProcess
        $p | Wait-AgentProcess -Timeout 30 | Out-Null
        $p.ExitCode | Should -Be 143
        $p.Signal | Should -Be 'SIGTERM'
        Wait-Until { -not (Test-ProcessAlive $child) } 'the grandchild is gone'
    }

    It '-Kill sends SIGKILL even to a process that ignores SIGTERM' {
        $p = Start-AgentProcess "trap '' TERM; echo ready; while :; do sleep 0.1; done"
        Wait-Until { ($p | Receive-AgentProcessOutput).Output -match 'ready' } 'the trap is set'
        Stop-AgentProcess -Id $p.Id -Kill
        ($p | Wait-AgentProcess -Timeout 30).ExitCode | Should -Be 137
    }

    It 'pipes by name: Get-AgentProcess -Name build* | Stop-AgentProcess' {
        $a = Start-AgentProcess 'sleep 60' -Name build-a
        $b = Start-AgentProcess 'sleep 60' -Name build-b
        $other = Start-AgentProcess 'sleep 60' -Name other
        Get-AgentProcess -Name build* | Stop-AgentProcess
        $a, $b | Wait-AgentProcess -Timeout 30 | Out-Null
        $a.State | Should -Be 'Exited'
        $b.State | Should -Be 'Exited'
        $other.State | Should -Be 'Running'
    }

    It 'works by -Name and -InstanceId' {
        $a = Start-AgentProcess 'sleep 60' -Name stop-by-name
        $b = Start-AgentProcess 'sleep 60'
        Stop-AgentProcess -Name stop-by-*
        Stop-AgentProcess -InstanceId $b.InstanceId
        ($a, $b | Wait-AgentProcess -Timeout 30).ExitCode | Should -Be @(143, 143)
    }

    It '-PassThru writes the process' {
        $p = Start-AgentProcess 'sleep 60'
        (Stop-AgentProcess -Id $p.Id -PassThru).Id | Should -Be $p.Id
    }

    It '-WhatIf leaves the process running' {
        $p = Start-AgentProcess 'sleep 60'
        Stop-AgentProcess -Id $p.Id -WhatIf
        Start-Sleep -Milliseconds 200
        $p.State | Should -Be 'Running'
        Test-ProcessAlive $p.ProcessId | Should -BeTrue
    }

    It 'an unknown id is a non-terminating ObjectNotFound error naming it; the rest go on' {
        $p = Start-AgentProcess 'sleep 60'
        Stop-AgentProcess -Id 99999, $p.Id -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotFound,AgentProc.Commands.StopAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 99999
        ($p | Wait-AgentProcess -Timeout 30).ExitCode | Should -Be 143
    }

    It 'a process that is not running is a non-terminating InvalidOperation error naming its id' {
        $p = Start-AgentProcess 'exit 0' -Wait
        Stop-AgentProcess -Id $p.Id -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotRunning,AgentProc.Commands.StopAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike "*$($p.Id)*"
        $err[0].TargetObject.Id | Should -Be $p.Id
    }

    It '-ErrorAction Stop makes the error terminating' {
        { Stop-AgentProcess -Id 99999 -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessNotFound*'
    }
}
