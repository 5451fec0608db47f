BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

Describe 'Get-AgentProcess' {
    BeforeAll {
        Clear-AgentProcesses
        $script:done = Start-AgentProcess 'exit 0' -Name build-old -Wait
        $script:a = Start-AgentProcess 'sleep 60' -Name build-web
        $script:b = Start-AgentProcess 'sleep 60' -Name test-unit
    }

    It 'lists running processes first, then newest first' {
        $ids = (Get-AgentProcess).Id
        $ids | Should -Be @($b.Id, $a.Id, $done.Id)
    }

    It 'filters by -Id, and by position' {
        (Get-AgentProcess -Id $a.Id).InstanceId | Should -Be $a.InstanceId
        (Get-AgentProcess $a.Id).InstanceId | Should -Be $a.InstanceId
    }

    It 'filters by -Name with wildcards' {
        (Get-AgentProcess -Name build*).Name | Sort-Object | Should -Be @('build-old', 'build-web')
        (Get-AgentProcess build-web).Id | Should -Be $a.Id
        Get-AgentProcess -Name nomatch* | Should -BeNullOrEmpty
    }

    It 'filters by -InstanceId' {
        (Get-AgentProcess -InstanceId $b.InstanceId).Id | Should -Be $b.Id
    }

    It 'filters by -State' {
        (Get-AgentProcess -State Exited).Id | Should -Be @($done.Id)
        (Get-AgentProcess -Name build* -State Running).Id | Should -Be @($a.Id)
    }

    It 'an unknown id or exact name is a non-terminating ObjectNotFound error naming it' {
        $out = Get-AgentProcess -Id 99999, $a.Id -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Id | Should -Be $a.Id
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessNotFound,AgentProc.Commands.GetAgentProcessCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 99999
        Get-AgentProcess -Name no-such-name -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].TargetObject | Should -Be 'no-such-name'
    }

    It 'takes InstanceId from the pipeline by property name, never a bare Id' {
        ([pscustomobject]@{ InstanceId = $a.InstanceId } | Get-AgentProcess).Id | Should -Be $a.Id
        { [pscustomobject]@{ Id = $a.Id } | Get-AgentProcess -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound,AgentProc.Commands.GetAgentProcessCommand'
    }

    It 'formats as a table with Id, Name, State, ExitCode and Command' {
        $text = Get-AgentProcess | Format-Table | Out-String
        $text | Should -Match 'Id\s+Name\s+State\s+ExitCode'
        $text | Should -Match 'build-web'
        $text | Should -Match 'sleep 60'
        # At 80 columns too: the command keeps its column.
        $narrow = Get-AgentProcess | Format-Table | Out-String -Width 80
        $narrow | Should -Match 'Command'
        $narrow | Should -Match 'sleep 60'
    }

    It 'tab completion offers the session ids and names' {
        $names = (TabExpansion2 -inputScript 'Get-AgentProcess -Name build' -cursorColumn 'Get-AgentProcess -Name build'.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'build-web'
        $ids = (TabExpansion2 -inputScript 'Stop-AgentProcess -Id ' -cursorColumn 'Stop-AgentProcess -Id '.Length).CompletionMatches.CompletionText
        $ids | Should -Contain "$($a.Id)"
    }
}
