BeforeAll {
    . $PSScriptRoot/common.ps1

    # Runs $Call, expects one error with $ErrorId (non-terminating or terminating alike), and checks
    # that nothing new was started and the running process was not disturbed.
    function Assert-Refused {
        param([scriptblock] $Call, [string] $ErrorId, [string] $Names)
        $before = @(Get-AgentProcess).Count
        $caught = $null
        try { & $Call -ErrorAction Stop } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty -Because 'the input is refused'
        $caught.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        if ($Names) { $caught.Exception.Message | Should -BeLike "*$Names*" }
        @(Get-AgentProcess).Count | Should -Be $before
        $script:bystander.State | Should -Be 'Running'
    }
}

Describe 'Bad input is refused before anything starts, naming the value' {
    BeforeAll { $script:bystander = Start-AgentProcess 'sleep 300' -Name bystander }
    AfterAll { Clear-AgentProcesses }

    It 'a NUL character in the command' {
        Assert-Refused { param($ErrorAction) Start-AgentProcess "echo a`0b" -ErrorAction $ErrorAction } 'AgentProcessNulCharacter' 'echo a\0b'
        Assert-Refused { param($ErrorAction) Invoke-AgentScript -Script "echo a`0b" -Name nul -ErrorAction $ErrorAction } 'AgentProcessNulCharacter' 'NUL'
    }

    It 'an environment name that is empty, has = or NUL; a value with NUL' -TestCases @(
        @{ Environment = @{ '' = 'x' }; ErrorId = 'AgentProcessInvalidEnvironmentName' }
        @{ Environment = @{ 'A=B' = 'x' }; ErrorId = 'AgentProcessInvalidEnvironmentName' }
        @{ Environment = @{ "A`0B" = 'x' }; ErrorId = 'AgentProcessInvalidEnvironmentName' }
        @{ Environment = @{ A = "x`0y" }; ErrorId = 'AgentProcessNulCharacter' }
    ) {
        Assert-Refused { param($ErrorAction) Start-AgentProcess 'true' -Environment $Environment -ErrorAction $ErrorAction } $ErrorId
        Assert-Refused { param($ErrorAction) Invoke-AgentScript -Script 'true' -Name env -Environment $Environment -ErrorAction $ErrorAction } $ErrorId
    }

    It 'an environment value that is an array, a hashtable or an object' -TestCases @(
        @{ Value = @(1, 2) }
        @{ Value = @{ a = 1 } }
        @{ Value = [pscustomobject]@{ a = 1 } }
    ) {
        Assert-Refused { param($ErrorAction) Start-AgentProcess 'true' -Environment @{ LIST = $Value } -ErrorAction $ErrorAction } 'AgentProcessInvalidEnvironmentValue' 'LIST'
        Assert-Refused { param($ErrorAction) Set-AgentSession -DefaultEnvironment @{ LIST = $Value } -ErrorAction $ErrorAction } 'AgentProcessInvalidEnvironmentValue' 'LIST'
    }

    It 'DependsOn or After given a hashtable or an object instead of names' -TestCases @(
        @{ Key = 'DependsOn'; Value = @{ Name = 'a' } }
        @{ Key = 'After'; Value = [pscustomobject]@{ Name = 'a' } }
        @{ Key = 'DependsOn'; Value = @('a', @{ Name = 'b' }) }
    ) {
        $piped = @(@{ Name = 'a'; Script = 'true' }, @{ Name = 'b'; Script = 'true'; $Key = $Value })
        Assert-Refused { param($ErrorAction) $piped | Invoke-AgentScript -ErrorAction $ErrorAction } 'AgentScriptDependencyNotAName' $Key
    }

    It 'buffer sizes above 64 MiB' -TestCases @(@{ Parameter = 'HeadBytes' }, @{ Parameter = 'TailBytes' }) {
        $values = @{ $Parameter = [int]::MaxValue }
        Assert-Refused { param($ErrorAction) Set-AgentSession @values -ErrorAction $ErrorAction } 'AgentProcessInvalidSize' '67108864'
        (Get-AgentSession).$Parameter | Should -Be 16384
    }

    It 'a -Timeout beyond what a timer can hold, for processes and scripts' {
        Assert-Refused { param($ErrorAction) Start-AgentProcess 'sleep 1' -Timeout '60d' -ErrorAction $ErrorAction } 'AgentProcessDurationTooLong' '60.00:00:00'
        Assert-Refused { param($ErrorAction) Invoke-AgentScript -Script 'true' -Name long -Timeout '60d' -ErrorAction $ErrorAction } 'AgentScriptInvalidTimeout' '24.00:00:00'
        Assert-Refused { param($ErrorAction) Start-AgentProcess 'sleep 1' -Timeout (New-TimeSpan -Days 60) -ErrorAction $ErrorAction } 'AgentProcessDurationTooLong'
    }

    It 'a bare 60d, which PowerShell reads as the decimal 60, is refused with the way to say days' {
        $before = @(Get-AgentProcess).Count
        { Start-AgentProcess 'sleep 1' -Timeout 60d } | Should -Throw -ExpectedMessage "*PowerShell reads 60d as the decimal 60*'60d'*"
        @(Get-AgentProcess).Count | Should -Be $before
        (Start-AgentProcess 'true' -Timeout '2d').Timeout | Should -Be ([timespan]::FromDays(2))
    }

    It 'grace periods and delays that cannot be honoured' -TestCases @(
        @{ Parameter = 'CloseGracePeriod' }, @{ Parameter = 'ScriptGracePeriod' }, @{ Parameter = 'DrainDelay' }, @{ Parameter = 'PipeDelay' }, @{ Parameter = 'Retention' }
    ) {
        $values = @{ $Parameter = [timespan]::MaxValue }
        Assert-Refused { param($ErrorAction) Set-AgentSession @values -ErrorAction $ErrorAction } 'AgentProcessDurationTooLong'
    }

    It 'a -LogDirectory or -DataDirectory that is a file' {
        $file = New-Item -ItemType File -Path (Join-Path (Get-Item TestDrive:).FullName 'not-a-dir')
        Assert-Refused { param($ErrorAction) Set-AgentSession -LogDirectory $file.FullName -ErrorAction $ErrorAction } 'AgentProcInvalidPath' 'not a directory'
        Assert-Refused { param($ErrorAction) Set-AgentSession -DataDirectory $file.FullName -ErrorAction $ErrorAction } 'AgentProcInvalidPath' 'not a directory'
    }

    It 'an empty -WorkingDirectory or -IdempotencyKey' {
        Assert-Refused { param($ErrorAction) Start-AgentProcess 'true' -WorkingDirectory '' -ErrorAction $ErrorAction } 'AgentProcessBlankValue' 'WorkingDirectory'
        Assert-Refused { param($ErrorAction) Start-AgentProcess 'true' -IdempotencyKey '' -ErrorAction $ErrorAction } 'AgentProcessBlankValue' 'IdempotencyKey'
    }

    It '@every below one second, or not in whole seconds, schedules nothing' -TestCases @(@{ Every = '500ms' }, @{ Every = '1500ms' }) {
        Assert-Refused { param($ErrorAction) Register-AgentScript -Name too-fast -Cron "@every $Every" -Script 'true' -ErrorAction $ErrorAction } 'AgentCronExpressionInvalid' $Every
        Get-AgentScript -Name too-fast -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a command too long for the OS: an error that does not echo it whole' {
        $long = 'echo ' + ('x' * 4MB)
        $caught = $null
        try { Start-AgentProcess $long -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'AgentProcessStartFailed,*'
        $caught.Exception.Message.Length | Should -BeLessThan 1000
        $caught.Exception.Message | Should -Match 'characters in all'
        $bystander.State | Should -Be 'Running'
    }
}

Describe 'Memory stays bounded whatever a script prints' {
    It 'a script printing 100 MB grows pwsh by less than 64 MiB, <Name>' -TestCases @(
        @{ Name = 'with the Information stream ignored'; Options = '-InformationAction Ignore'; Redirect = '' }
        @{ Name = 'with the default Information preference'; Options = ''; Redirect = '' }
        @{ Name = 'with the lines shown on the host'; Options = '-InformationAction Continue 6>$null'; Redirect = '' }
        @{ Name = 'on stderr, written as warnings'; Options = '-StderrAsWarning -WarningAction Continue 3>$null'; Redirect = ' >&2' }
    ) {
        $dir = (New-Item -ItemType Directory -Path (Join-Path (Get-Item TestDrive:).FullName ([guid]::NewGuid()))).FullName
        $script = @"
Import-Module '$script:ModuleManifest'
Set-AgentSession -LogDirectory '$dir/logs'
`$null = Invoke-AgentScript -Script 'true' -Name warm-up
[GC]::Collect()
`$before = [int]((Get-Content /proc/self/status | Select-String '^VmRSS:\s+(\d+)').Matches[0].Groups[1].Value)
`$result = Invoke-AgentScript -Script 'yes | head -c 100000000$Redirect' -Name loud $Options
`$peak = [int]((Get-Content /proc/self/status | Select-String '^VmHWM:\s+(\d+)').Matches[0].Groups[1].Value)
"`$(`$result.Status) `$(`$peak - `$before) `$((Get-Item '$dir/logs/agentproc-script-loud.log').Length + (Get-Item '$dir/logs/agentproc-script-loud.log.1' -ErrorAction Ignore).Length)"
"@
        $out = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script
        $status, $growthKiB, $logBytes = ($out | Select-Object -Last 1) -split ' '
        $status | Should -Be 'Ok'
        [int]$growthKiB | Should -BeLessThan (64 * 1024)
        # Every byte reached the log file (and its one rotation) even though lines were dropped.
        [long]$logBytes | Should -BeGreaterThan 100000000
    }
}
