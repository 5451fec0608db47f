BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

Describe 'Wait-AgentProcess' {
    AfterEach { Clear-AgentProcesses }

    It 'waits for all piped processes and writes them' {
        $ps = 1..3 | ForEach-Object { Start-AgentProcess "sleep 0.$_; exit $_" }
        $done = $ps | Wait-AgentProcess
        $done.Count | Should -Be 3
        $done.State | Should -Be @('Exited', 'Exited', 'Exited')
        ($done.ExitCode | Sort-Object) | Should -Be @(1, 2, 3)
    }

    It '-Any returns the first to exit' {
        $slow = Start-AgentProcess 'sleep 60' -Name slow
        $fast = Start-AgentProcess 'exit 0' -Name fast
        $first = $slow, $fast | Wait-AgentProcess -Any -Timeout 30
        $first.Name | Should -Be 'fast'
        $slow.State | Should -Be 'Running'
    }

    It '-Timeout returns what exited by then' {
        $slow = Start-AgentProcess 'sleep 60'
        $out = $slow | Wait-AgentProcess -Timeout 1
        $out | Should -BeNullOrEmpty
        $slow.State | Should -Be 'Running'
    }

    It 'works by -Id and -Name' {
        $p = Start-AgentProcess 'exit 0' -Name waitme
        (Wait-AgentProcess -Id $p.Id).Id | Should -Be $p.Id
        (Wait-AgentProcess -Name waitm*).Id | Should -Be $p.Id
    }

    It 'works by -InstanceId' {
        $p = Start-AgentProcess 'exit 0'
        (Wait-AgentProcess -InstanceId $p.InstanceId -Timeout 30).InstanceId | Should -Be $p.InstanceId
    }

    It 'chains: Start | Wait | Receive' {
        (Start-AgentProcess 'echo chained' | Wait-AgentProcess | Receive-AgentProcessOutput).Output | Should -Be "chained`n"
    }

    It 'stops waiting on Ctrl+C without killing the process' {
        $ps = New-ModuleRunspace
        try {
            $marker = Join-Path (Get-Item TestDrive:).FullName 'wait-started'
            $null = $ps.AddScript("Start-AgentProcess `"touch '$marker'; sleep 60`" -Name bg | Wait-AgentProcess").BeginInvoke()
            Wait-Until { Test-Path -LiteralPath $marker } 'the process starts'
            $ps.Stop()
            $left = Invoke-InRunspace $ps 'Get-AgentProcess -Name bg'
            $left.State | Should -Be 'Running'
        }
        finally {
            $null = Invoke-InRunspace $ps 'Get-AgentProcess | Remove-AgentProcess -Force'
            $ps.Dispose()
        }
    }

    It 'a negative -Timeout is a terminating InvalidArgument error' {
        $p = Start-AgentProcess 'true'
        { $p | Wait-AgentProcess -Timeout -1 } | Should -Throw -ErrorId 'AgentProcessInvalidTimeout*'
    }
}
