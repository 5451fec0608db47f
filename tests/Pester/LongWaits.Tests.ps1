BeforeAll { . $PSScriptRoot/common.ps1 }

# Waits of several seconds, with the progress bar on: every wait that passed one second used to
# throw "TimeSpan overflowed" from the progress bar.
Describe 'Waits of several seconds, with progress shown' {
    BeforeAll {
        $script:savedProgress = $ProgressPreference
        $global:ProgressPreference = 'Continue'
    }
    AfterAll { $global:ProgressPreference = $script:savedProgress }
    AfterEach { Clear-AgentProcesses }

    It 'Wait-AgentProcess waits 3 s for all and returns them exited' {
        $ps = Start-AgentProcess 'sleep 3; exit 4' -Name long-all
        $done = $ps | Wait-AgentProcess -Timeout 60
        $done.State | Should -Be 'Exited'
        $done.ExitCode | Should -Be 4
        $done.Duration | Should -BeGreaterOrEqual ([timespan]::FromSeconds(2.5))
    }

    It 'Wait-AgentProcess -Any waits 3 s for the first' {
        $slow = Start-AgentProcess 'sleep 60' -Name long-slow
        $three = Start-AgentProcess 'sleep 3' -Name long-three
        ($slow, $three | Wait-AgentProcess -Any -Timeout 60).Name | Should -Be 'long-three'
        $slow.State | Should -Be 'Running'
    }

    It 'Wait-AgentProcess -Timeout 3 returns nothing while the process runs on' {
        $slow = Start-AgentProcess 'sleep 60' -Name long-timeout
        $slow | Wait-AgentProcess -Timeout 3 | Should -BeNullOrEmpty
        $slow.State | Should -Be 'Running'
    }

    It 'Receive-AgentProcessOutput -Wait waits 3 s and returns all of the output' {
        $out = Start-AgentProcess 'echo first; sleep 3; echo last' | Receive-AgentProcessOutput -Wait -Timeout 60
        $out.State | Should -Be 'Exited'
        $out.Output | Should -Be "first`nlast`n"
    }

    It 'Receive-AgentProcessOutput -Wait -Timeout 2 warns and returns the output so far' {
        $out = Start-AgentProcess 'echo early; sleep 60' | Receive-AgentProcessOutput -Wait -Timeout 2 -WarningVariable warn -WarningAction SilentlyContinue
        $out.State | Should -Be 'Running'
        $out.Output | Should -Be "early`n"
        $warn.Count | Should -Be 1
    }

    It 'Start-AgentProcess -Wait waits 3 s and returns the exit code' {
        $p = Start-AgentProcess 'sleep 3; exit 5' -Wait
        $p.State | Should -Be 'Exited'
        $p.ExitCode | Should -Be 5
    }

    It 'Start-AgentProcess -Timeout 2 -Wait stops the group when the deadline passes' {
        $p = Start-AgentProcess 'sleep 60' -Timeout 2 -Wait -WarningAction SilentlyContinue
        $p.State | Should -Be 'Exited'
        $p.TimedOut | Should -BeTrue
    }
}
