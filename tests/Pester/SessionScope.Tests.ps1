BeforeAll { . $PSScriptRoot/common.ps1 }

Describe 'Session scope' {
    It 'two runspaces never see each other''s processes' {
        $one = New-ModuleRunspace
        $two = New-ModuleRunspace
        try {
            $p = Invoke-InRunspace $one "Start-AgentProcess 'sleep 60' -Name only-in-one"
            (Invoke-InRunspace $one 'Get-AgentProcess').Name | Should -Be 'only-in-one'
            Invoke-InRunspace $two 'Get-AgentProcess' | Should -BeNullOrEmpty
            Invoke-InRunspace $two "Get-AgentProcess -Id $($p.Id) -ErrorAction SilentlyContinue" | Should -BeNullOrEmpty
        }
        finally {
            $one.Dispose()
            $two.Dispose()
        }
    }

    It 'Remove-Module ends every process the session started' {
        $ps = New-ModuleRunspace
        try {
            $p = Invoke-InRunspace $ps "Start-AgentProcess 'sleep 300 & echo child=`$!; wait'"
            Wait-Until { (Invoke-InRunspace $ps "(Receive-AgentProcessOutput -Id $($p.Id)).Output") -match 'child=\d+' } 'the child starts'
            $child = [int]([regex]::Match((Invoke-InRunspace $ps "(Receive-AgentProcessOutput -Id $($p.Id)).Output"), 'child=(\d+)').Groups[1].Value)
            Invoke-InRunspace $ps 'Remove-Module AgentProc'
            Wait-Until { -not (Test-ProcessAlive $p.ProcessId) -and -not (Test-ProcessAlive $child) } 'the process and its child are gone'
        }
        finally { $ps.Dispose() }
    }

    It 'closing the runspace ends every process it started' {
        $ps = New-ModuleRunspace
        $p = Invoke-InRunspace $ps "Start-AgentProcess 'sleep 300'"
        $ps.Runspace.Close()
        $ps.Dispose()
        Wait-Until { -not (Test-ProcessAlive $p.ProcessId) } 'the process is gone'
    }

    It 'exiting pwsh ends every process it started' {
        $pwsh = Get-PwshPath
        $childPid = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$script:ModuleManifest'; (Start-AgentProcess 'sleep 300').ProcessId"
        $childPid | Should -Match '^\d+$'
        Wait-Until { -not (Test-ProcessAlive ([int]$childPid)) } 'the process is gone after pwsh exits'
    }

    It 'objects pipe between the process cmdlets by property' {
        $ps = New-ModuleRunspace
        try {
            $out = Invoke-InRunspace $ps "Start-AgentProcess 'echo one' -Name p1 | Wait-AgentProcess | Receive-AgentProcessOutput"
            $out.Output | Should -Be "one`n"
        }
        finally { $ps.Dispose() }
    }
}
