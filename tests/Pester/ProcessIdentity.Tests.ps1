BeforeAll { . $PSScriptRoot/common.ps1 }

# An object acts on exactly the process it denotes: never on this session's process that merely
# shares its Id.
Describe 'Piped objects bind by InstanceId, and only this session''s processes are touched' {
    BeforeEach {
        $script:mine = Start-AgentProcess 'sleep 60' -Name mine
    }
    AfterEach { Clear-AgentProcesses }

    It 'an object with only an Id (a Get-Process result, a custom object) does not bind' {
        $bindingError = [System.Management.Automation.ParameterBindingException]
        { [pscustomobject]@{ Id = $mine.Id } | Stop-AgentProcess -ErrorAction Stop } | Should -Throw -ExceptionType $bindingError
        { [pscustomobject]@{ Id = $mine.Id } | Remove-AgentProcess -Force -ErrorAction Stop } | Should -Throw -ExceptionType $bindingError
        { Get-Process -Id $PID | Get-AgentProcess -ErrorAction Stop } | Should -Throw -ExceptionType $bindingError
        $mine.State | Should -Be 'Running'
    }

    It 'an object with a foreign InstanceId (a job) is ObjectNotFound and stops nothing' {
        $job = [pscustomobject]@{ Id = $mine.Id; InstanceId = [guid]::NewGuid(); Name = 'job' }
        $job | Stop-AgentProcess -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotFound,AgentProc.Commands.StopAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $job.InstanceId
        $mine.State | Should -Be 'Running'
    }

    It 'this session''s own objects bind by InstanceId from any object that carries it' {
        ([pscustomobject]@{ InstanceId = $mine.InstanceId } | Get-AgentProcess).Id | Should -Be $mine.Id
        $mine | Get-AgentProcess | Should -Be $mine
    }

    It 'a process object from another runspace is an error naming it, and neither process is touched' {
        $other = New-ModuleRunspace
        try {
            # The other session's ids start at 1: start there until one has the same Id as ours.
            $theirs = @(Invoke-InRunspace $other "1..$($mine.Id) | ForEach-Object { Start-AgentProcess 'sleep 60' -Name theirs }")[-1]
            $theirs.Id | Should -Be $mine.Id
            $theirs | Stop-AgentProcess -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotInSession,AgentProc.Commands.StopAgentProcessCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].Exception.Message | Should -Match 'another session'
            $err[0].Exception.Message | Should -Match "$($theirs.InstanceId)"
            $err[0].TargetObject | Should -Be $theirs
            $theirs | Receive-AgentProcessOutput -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $theirs | Wait-AgentProcess -Timeout 1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $theirs | Remove-AgentProcess -Force -Confirm:$false -ErrorAction SilentlyContinue
            $theirs.State | Should -Be 'Running'
            $mine.State | Should -Be 'Running'
            (Get-AgentProcess -Id $mine.Id).InstanceId | Should -Be $mine.InstanceId
        }
        finally { $other.Dispose() }
    }

    It 'a process object from before Import-Module -Force is refused in the new session' {
        $ps = New-ModuleRunspace
        try {
            $old = Invoke-InRunspace $ps "Start-AgentProcess 'sleep 60' -Name before"
            $ps.Runspace.SessionStateProxy.SetVariable('old', $old)
            $result = Invoke-InRunspace $ps @"
Import-Module '$script:ModuleManifest' -Force -WarningAction SilentlyContinue
`$null = Start-AgentProcess 'sleep 60' -Name after
`$old | Stop-AgentProcess -ErrorVariable e -ErrorAction SilentlyContinue
`$e[0].FullyQualifiedErrorId
(Get-AgentProcess -Name after).State
"@
            $result[0] | Should -Be 'AgentProcessNotInSession,AgentProc.Commands.StopAgentProcessCommand'
            $result[1] | Should -Be 'Running'
        }
        finally { $ps.Dispose() }
    }

    It 'a process object deserialized from Start-Job binds by InstanceId and is not found here' {
        $deserialized = Start-Job -ScriptBlock {
            param($Manifest)
            Import-Module $Manifest
            Start-AgentProcess 'exit 0' -Name in-job -Wait
        } -ArgumentList $script:ModuleManifest | Receive-Job -Wait -AutoRemoveJob
        $deserialized.pstypenames[0] | Should -Be 'Deserialized.AgentProc.Processes.AgentProcess'
        $deserialized | Stop-AgentProcess -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotFound,AgentProc.Commands.StopAgentProcessCommand'
        $mine.State | Should -Be 'Running'
    }

    It 'a number given as a string names the id: Stop-AgentProcess ''<id>''' {
        Stop-AgentProcess "$($mine.Id)" -PassThru | Wait-AgentProcess -Timeout 30 | Out-Null
        $mine.State | Should -Be 'Exited'
        (Get-AgentProcess "$($mine.Id)").InstanceId | Should -Be $mine.InstanceId
    }

    It 'a process whose name is a number is still found by that name' {
        $numbered = Start-AgentProcess 'sleep 60' -Name '4242'
        (Get-AgentProcess -Name '4242').InstanceId | Should -Be $numbered.InstanceId
    }
}
