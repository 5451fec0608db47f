BeforeAll {
    . $PSScriptRoot/common.ps1
    Set-AgentSession -LogDirectory (Join-Path (Get-Item TestDrive:).FullName logs) -ScriptGracePeriod 1

    # A file the test creates when the process may go on: no fixed sleeps.
    function New-GatePath([string] $Name) { Join-Path (Get-Item TestDrive:).FullName "$Name-$([guid]::NewGuid().ToString('N'))" }
}
AfterAll {
    Clear-AgentJobs
    Clear-AgentProcesses
}

Describe 'Start-AgentProcess -AsJob' {
    AfterEach {
        Clear-AgentJobs
        Clear-AgentProcesses
    }

    It 'returns a running AgentProcessJob that the job cmdlets find, with its process behind it' {
        $job = Start-AgentProcess 'sleep 60' -Name job-sleep -AsJob

        $job | Should -BeOfType System.Management.Automation.Job2
        $job.PSJobTypeName | Should -Be 'AgentProcessJob'
        $job.State | Should -Be 'Running'
        $job.JobStateInfo.State | Should -Be 'Running'
        $job.Name | Should -Be 'job-sleep'
        $job.Command | Should -Be 'sleep 60'
        (Get-Job -Id $job.Id).InstanceId | Should -Be $job.InstanceId
        (Get-Job -Name 'job-sl*').Id | Should -Be $job.Id
        (Get-Job -InstanceId $job.InstanceId).Id | Should -Be $job.Id
        @(Get-Job -State Running).Id | Should -Contain $job.Id
        (Get-Job -Filter @{ Name = 'job-sleep' }).Id | Should -Be $job.Id
    }

    It 'leads to its process, and the process back to its job' {
        $job = Start-AgentProcess 'sleep 60' -Name linked -AsJob
        $job.Process | Should -BeOfType AgentProc.Processes.AgentProcess
        $job.Process.InstanceId | Should -Be $job.InstanceId
        (Get-AgentProcess -Name linked).Job.Id | Should -Be $job.Id
        (Start-AgentProcess 'true').Job | Should -BeNullOrEmpty
    }

    It 'Receive-Job returns only the lines written since the last Receive-Job' {
        $go = New-GatePath go
        $job = Start-AgentProcess "echo one; echo two; while [ ! -e '$go' ]; do sleep 0.02; done; echo three" -AsJob
        Wait-Until { @(Receive-Job $job -Keep).Count -ge 2 } 'the first two lines arrive'

        Receive-Job $job | Should -Be @('one', 'two')
        Receive-Job $job | Should -BeNullOrEmpty
        $job.State | Should -Be 'Running'

        New-Item -ItemType File -Path $go | Out-Null
        Wait-Job $job -Timeout 30 | Out-Null
        Receive-Job $job | Should -Be 'three'
        $job.State | Should -Be 'Completed'
        $job.HasMoreData | Should -BeFalse
    }

    It 'Receive-Job -Keep leaves the lines for the next Receive-Job' {
        $job = Start-AgentProcess 'echo a; echo b' -AsJob
        Wait-Job $job -Timeout 30 | Out-Null
        Receive-Job $job -Keep | Should -Be @('a', 'b')
        $job.HasMoreData | Should -BeTrue
        Receive-Job $job | Should -Be @('a', 'b')
        Receive-Job $job | Should -BeNullOrEmpty
    }

    It 'Receive-Job -Wait writes the lines as they come and ends with the process; -AutoRemoveJob removes the job and its process' {
        $go = New-GatePath follow
        $job = Start-AgentProcess "echo first; while [ ! -e '$go' ]; do sleep 0.02; done; echo second" -Name auto -AsJob
        # The process only goes on once Receive-Job has written its first line: it arrived before the exit.
        $lines = Receive-Job $job -Wait -AutoRemoveJob | ForEach-Object {
            if ($_ -eq 'first') { New-Item -ItemType File -Path $go | Out-Null }
            $_
        }
        $lines | Should -Be @('first', 'second')
        Get-Job -InstanceId $job.InstanceId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Get-AgentProcess -Name auto -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessNotFound*'
    }

    It 'a process that exits with another code than 0 fails its job, with an error that says how it ended' {
        $job = Start-AgentProcess 'echo oops; exit 3' -Name failing -AsJob
        Wait-Job $job -Timeout 30 | Out-Null
        $job.State | Should -Be 'Failed'

        $out = Receive-Job $job -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -Be 'oops'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentProcessFailed'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        "$($err[0])" | Should -Be "The agent process $($job.Process.Id) (failing) exited with code 3."
    }

    It 'Stop-Job ends the whole process group, and the job is Stopped' {
        $job = Start-AgentProcess 'sleep 60 & echo $!; wait' -AsJob
        Wait-Until { @(Receive-Job $job -Keep).Count -ge 1 } 'the child pid is printed'
        $child = [int] @(Receive-Job $job)[0]
        Test-ProcessAlive $child | Should -BeTrue

        Stop-Job $job
        $job.State | Should -Be 'Stopped'
        $job.Process.State | Should -Be 'Exited'
        $job.Process.Signal | Should -Be 'SIGTERM'
        Wait-Until { -not (Test-ProcessAlive $child) } 'the child dies with its group'
        Receive-Job $job -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err | Should -BeNullOrEmpty
    }

    It 'Wait-Job -Any returns the first job to finish, and -Timeout returns nothing while they run' {
        $slow = Start-AgentProcess 'sleep 60' -AsJob
        $fast = Start-AgentProcess 'true' -AsJob
        (Wait-Job $slow, $fast -Any -Timeout 30).Id | Should -Be $fast.Id
        Wait-Job $slow -Timeout 1 | Should -BeNullOrEmpty
        $slow.State | Should -Be 'Running'
    }

    It 'Remove-Job refuses a running job; with -Force it stops it and forgets its process' {
        $job = Start-AgentProcess 'sleep 60' -AsJob
        $id = $job.Process.Id
        { Remove-Job $job -ErrorAction Stop } | Should -Throw -ErrorId 'JobObjectNotFinishedCannotBeRemoved*'
        (Get-AgentProcess -Id $id).State | Should -Be 'Running'

        Remove-Job $job -Force
        Get-Job -InstanceId $job.InstanceId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Get-AgentProcess -Id $id -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessNotFound*'
        $job.Process.State | Should -Be 'Exited'
    }

    It 'a job pipes to the process cmdlets, which act on its process' {
        $job = Start-AgentProcess 'echo piped; sleep 60' -AsJob
        Wait-Until { $job.Process.OutputBytes -gt 0 } 'the line is written'
        ($job | Receive-AgentProcessOutput).Output | Should -Be "piped`n"
        $job | Stop-AgentProcess
        ($job | Wait-AgentProcess -Timeout 30).Id | Should -Be $job.Process.Id
        Wait-Job $job -Timeout 30 | Out-Null
        $job.State | Should -Be 'Failed'
    }

    It 'a job of another runspace is not listed here, and the process cmdlets refuse it' {
        $ps = New-ModuleRunspace
        try {
            $other = Invoke-InRunspace $ps 'Start-AgentProcess "sleep 60" -AsJob'
            Get-Job -InstanceId $other.InstanceId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            { $other | Stop-AgentProcess -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcessNotFound*'
            (Invoke-InRunspace $ps 'Get-Job').State | Should -Be 'Running'
        }
        finally {
            $null = Invoke-InRunspace $ps 'Get-Job | Remove-Job -Force'
            $ps.Dispose()
        }
    }

    It 'the same idempotency key returns the same job' {
        $first = Start-AgentProcess 'sleep 60' -IdempotencyKey job-key -AsJob
        $again = Start-AgentProcess 'sleep 60' -IdempotencyKey job-key -AsJob
        $again.Id | Should -Be $first.Id
        @(Get-Job | Where-Object PSJobTypeName -EQ 'AgentProcessJob').Count | Should -Be 1
    }

    It 'output nobody receives is bounded: the newest 4096 lines, after a marker line for the dropped ones' {
        $job = Start-AgentProcess 'seq 1 5000' -AsJob
        Wait-Job $job -Timeout 30 | Out-Null
        $lines = @(Receive-Job $job)
        $lines.Count | Should -Be 4096
        $lines[0] | Should -Be '... [omitted 905 lines] ...'
        $lines[1] | Should -Be '906'
        $lines[-1] | Should -Be '5000'
    }

    It 'a program started without a shell runs as a job too' {
        $job = Start-AgentProcess -FilePath printf -ArgumentList '%s\n', 'a b', '$HOME' -AsJob
        Receive-Job $job -Wait | Should -Be @('a b', '$HOME')
        $job.State | Should -Be 'Completed'
    }

    It 'removing the module ends the session, and its jobs end Stopped' {
        $ps = New-ModuleRunspace
        try {
            $job = Invoke-InRunspace $ps 'Set-AgentSession -CloseGracePeriod 2; Start-AgentProcess "sleep 60" -AsJob'
            Invoke-InRunspace $ps 'Remove-Module AgentProc'
            Wait-Until { $job.State -eq 'Stopped' } 'the job ends with its session'
            $job.Process.State | Should -Be 'Exited'
        }
        finally { $ps.Dispose() }
    }

    It '-AsJob with -Wait is refused before anything starts' {
        { Start-AgentProcess 'true' -AsJob -Wait -ErrorAction Stop } | Should -Throw -ErrorId 'AgentProcInvalidArgument*'
        Get-AgentProcess | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-AgentScript -AsJob' {
    AfterEach {
        Clear-AgentJobs
        Clear-AgentProcesses
    }

    It 'returns a script job; its results, errors and output lines arrive through Receive-Job' {
        $job = Invoke-AgentScript -Script 'echo hello; exit 2' -Name greet -AsJob
        $job.PSJobTypeName | Should -Be 'AgentScriptJob'
        $job.Name | Should -Be 'greet'
        $job.Command | Should -Be 'echo hello; exit 2'

        $result = Receive-Job $job -Wait -ErrorVariable err -ErrorAction SilentlyContinue -InformationVariable info
        $result.Name | Should -Be 'greet'
        $result.Status | Should -Be 'ExitFailure'
        $result.ExitCode | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AgentScriptFailed'
        @($info).MessageData | Should -Be 'hello'
        @($info)[0].Tags | Should -Contain 'greet'
        $job.State | Should -Be 'Failed'
        $job.Results.Status | Should -Be 'ExitFailure'
    }

    It 'is Completed when every script succeeded, each result written as its script ends' {
        $go = New-GatePath scripts
        $job = @(
            @{ Name = 'quick'; Script = 'echo quick' }
            @{ Name = 'held'; Script = "while [ ! -e '$go' ]; do sleep 0.02; done" }
        ) | Invoke-AgentScript -AsJob

        # Not HasMoreData: the Verbose record of a start makes it true before any result.
        Wait-Until { $job.Output.Count -ge 1 } 'the first script ends'
        (Receive-Job $job).Name | Should -Be 'quick'
        $job.State | Should -Be 'Running'

        New-Item -ItemType File -Path $go | Out-Null
        Wait-Job $job -Timeout 30 | Out-Null
        (Receive-Job $job).Name | Should -Be 'held'
        $job.State | Should -Be 'Completed'
        $job.Name | Should -Match '^Job\d+$'
    }

    It 'takes files and their arguments as Invoke-AgentScript does' {
        $file = Join-Path (Get-Item TestDrive:).FullName 'job-args.sh'
        Set-Content -LiteralPath $file -Value 'echo "[$1]"'
        $job = Get-Item -LiteralPath $file | Invoke-AgentScript -ArgumentList 'a b' -AsJob
        (Receive-Job $job -Wait).Output | Should -Be "[a b]`n"
    }

    It 'Stop-Job interrupts the running scripts, and the job is Stopped' {
        $started = New-GatePath started
        $job = Invoke-AgentScript -Script "touch '$started'; sleep 60" -Name long -AsJob
        Wait-Until { Test-Path -LiteralPath $started } 'the script starts'

        Stop-Job $job
        $job.State | Should -Be 'Stopped'
        (Receive-Job $job).Status | Should -Be 'Canceled'
    }

    It 'a bad script is an error before anything starts, and no job is made' {
        { Invoke-AgentScript -Script ' ' -AsJob -ErrorAction Stop } | Should -Throw -ErrorId 'AgentScriptEmptyScript*'
        Get-Job | Where-Object PSJobTypeName -EQ 'AgentScriptJob' | Should -BeNullOrEmpty
    }
}
