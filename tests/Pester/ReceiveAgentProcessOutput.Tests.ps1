BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

Describe 'Receive-AgentProcessOutput' {
    AfterEach { Clear-AgentProcesses }

    It 'returns stdout and stderr together in order, as a typed object' {
        $p = Start-AgentProcess 'echo out1; echo err1 >&2; echo out2' -Wait
        $o = Receive-AgentProcessOutput -Id $p.Id
        $o | Should -BeOfType ([AgentProc.Processes.AgentProcessOutput])
        $o.Output | Should -Be "out1`nerr1`nout2`n"
        $o.Lines | Should -Be @('out1', 'err1', 'out2')
        $o.State | Should -Be 'Exited'
        $o.ExitCode | Should -Be 0
        $o.Truncated | Should -BeFalse
        $o.Strategy | Should -Be 'none'
    }

    It '-Wait blocks until the exit and returns the final output' {
        $o = Start-AgentProcess 'sleep 1; echo late' | Receive-AgentProcessOutput -Wait
        $o.State | Should -Be 'Exited'
        $o.Output | Should -Be "late`n"
    }

    It '-Wait gives up after -Timeout with a warning and the output so far' {
        $p = Start-AgentProcess 'echo early; sleep 60'
        $o = $p | Receive-AgentProcessOutput -Wait -Timeout 1 -WarningVariable warn -WarningAction SilentlyContinue
        $o.State | Should -Be 'Running'
        $o.Output | Should -Be "early`n"
        $warn.Count | Should -Be 1
    }

    It 'keeps the head and tail of large output with an omission marker and the facts' {
        $o = Start-AgentProcess 'seq 1 200000' | Receive-AgentProcessOutput -Wait
        $o.Truncated | Should -BeTrue
        $o.Strategy | Should -Be 'head_tail'
        $o.RetainedBytes | Should -Be 32768
        $o.OmittedBytes | Should -Be ($o.OriginalBytes - 32768)
        $o.Output | Should -Match '\.\.\. \[omitted \d+ bytes\] \.\.\.'
        $o.Output | Should -BeLike "1`n2`n3`n*"
        $o.Output | Should -BeLike "*199999`n200000`n"
    }

    It 'works by -Name and by pipeline from Get-AgentProcess' {
        $null = Start-AgentProcess 'echo named' -Name rx-named -Wait
        (Receive-AgentProcessOutput -Name rx-*).Output | Should -Be "named`n"
        (Get-AgentProcess -Name rx-named | Receive-AgentProcessOutput).Output | Should -Be "named`n"
    }

    It 'works by -InstanceId' {
        $p = Start-AgentProcess 'echo by-guid' -Wait
        (Receive-AgentProcessOutput -InstanceId $p.InstanceId).Output | Should -Be "by-guid`n"
    }

    It 'an unknown id is an ObjectNotFound error' {
        Receive-AgentProcessOutput -Id 99999 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotFound,AgentProc.Commands.ReceiveAgentProcessOutputCommand'
    }

    It 'a negative -Timeout is a terminating InvalidArgument error' {
        $p = Start-AgentProcess 'true'
        { $p | Receive-AgentProcessOutput -Wait -Timeout -1 } | Should -Throw -ErrorId 'AgentProcessInvalidTimeout*'
    }

    It 'shows the output in its default view' {
        $text = Start-AgentProcess 'echo visible' | Receive-AgentProcessOutput -Wait | Out-String
        $text | Should -Match 'Output\s+:\s+visible'
    }
}
