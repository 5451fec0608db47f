BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

Describe 'Remove-AgentProcess' {
    AfterEach { Clear-AgentProcesses }

    It 'forgets exited processes' {
        $p = Start-AgentProcess 'exit 0' -Wait
        Remove-AgentProcess -Id $p.Id
        Get-AgentProcess -Id $p.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses a running process without -Force, as an InvalidOperation error' {
        $p = Start-AgentProcess 'sleep 60'
        $p | Remove-AgentProcess -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessStillRunning,AgentProc.Commands.RemoveAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-AgentProcess -Id $p.Id).State | Should -Be 'Running'
    }

    It '-Force stops a running process first, then forgets it' {
        $p = Start-AgentProcess 'sleep 60'
        $p | Remove-AgentProcess -Force
        $p.State | Should -Be 'Exited'
        Test-ProcessAlive $p.ProcessId | Should -BeFalse
        Get-AgentProcess -Id $p.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It '-WhatIf removes nothing' {
        $p = Start-AgentProcess 'exit 0' -Wait
        Remove-AgentProcess -Id $p.Id -WhatIf
        (Get-AgentProcess -Id $p.Id).Id | Should -Be $p.Id
    }

    It 'Get-AgentProcess | Remove-AgentProcess empties the list of exited processes' {
        1..3 | ForEach-Object { Start-AgentProcess 'exit 0' } | Wait-AgentProcess | Out-Null
        Get-AgentProcess -State Exited | Remove-AgentProcess
        Get-AgentProcess -State Exited | Should -BeNullOrEmpty
    }

    It 'works by -Name and -InstanceId' {
        $a = Start-AgentProcess 'exit 0' -Name rm-by-name -Wait
        $b = Start-AgentProcess 'exit 0' -Wait
        Remove-AgentProcess -Name rm-by-*
        Remove-AgentProcess -InstanceId $b.InstanceId
        Get-AgentProcess -InstanceId $a.InstanceId, $b.InstanceId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'an unknown name is an ObjectNotFound error' {
        Remove-AgentProcess -Name no-such-process -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotFound,AgentProc.Commands.RemoveAgentProcessCommand'
    }
}
