BeforeAll {
    . $PSScriptRoot/common.ps1

    # Starts a child pwsh whose session runs a process with a child of its own, and a process that
    # left a background `sleep` and was then removed; returns the child pwsh and every pid to watch.
    function Start-SessionInChildPwsh {
        param([string] $Directory)
        $ready = Join-Path $Directory 'ready.txt'
        $log = Join-Path $Directory 'session.log'
        $script = @"
Import-Module '$script:ModuleManifest'
Set-AgentSession -SessionLogPath '$log' -CloseGracePeriod 2s
`$p = Start-AgentProcess 'sleep 300 & echo child=`$!; sleep 300' -Name parent
`$q = Start-AgentProcess 'sleep 300 >/dev/null 2>&1 & echo left=`$!' -Name leaves -Wait
`$left = (`$q | Receive-AgentProcessOutput).Output
`$q | Remove-AgentProcess
Wait-Until { (`$p | Receive-AgentProcessOutput).Output -match 'child=' }
`$pids = @(`$p.ProcessId) + ((`$p | Receive-AgentProcessOutput).Output + `$left | Select-String '(child|left)=(\d+)' -AllMatches).Matches.ForEach({ `$_.Groups[2].Value })
Set-Content -LiteralPath '$ready.tmp' -Value (`$pids -join ' ')
Move-Item -LiteralPath '$ready.tmp' -Destination '$ready'
Start-Sleep -Seconds 300
"@
        $helpers = "function Wait-Until { param([scriptblock] `$c) `$d = [DateTime]::UtcNow.AddSeconds(30); while (-not (& `$c)) { if ([DateTime]::UtcNow -gt `$d) { throw 'timeout' }; Start-Sleep -Milliseconds 20 } }`n"
        $child = Start-Process -FilePath (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-Command', ($helpers + $script) -PassThru -RedirectStandardOutput (Join-Path $Directory 'out.txt') -RedirectStandardError (Join-Path $Directory 'err.txt')
        Wait-Until { Test-Path -LiteralPath $ready } 'the child pwsh has started its processes' -TimeoutSeconds 60
        $pids = [int[]]((Get-Content -LiteralPath $ready -Raw).Trim() -split ' ')
        [pscustomobject]@{ Pwsh = $child; Pids = $pids; Log = $log }
    }
}

# Nothing the session started outlives it, however pwsh ends.
Describe 'No process outlives the session' {
    It 'pwsh ended by SIG<Signal> leaves no process of its session alive' -TestCases @(
        @{ Signal = 'TERM'; Closes = $true }
        @{ Signal = 'HUP'; Closes = $true }
        @{ Signal = 'KILL'; Closes = $false }
    ) {
        $dir = (New-Item -ItemType Directory -Path (Join-Path (Get-Item TestDrive:).FullName "sig-$Signal")).FullName
        $session = Start-SessionInChildPwsh $dir
        try {
            $session.Pids.Count | Should -Be 3
            foreach ($p in $session.Pids) { Test-ProcessAlive $p | Should -BeTrue }
            & kill "-$Signal" $session.Pwsh.Id
            # The grace period (2 s) plus 5 s.
            Wait-Until { -not ($session.Pids | Where-Object { Test-ProcessAlive $_ }) } "every process of the session is gone after SIG$Signal" -TimeoutSeconds 7
            if ($Closes) {
                # SIGTERM and SIGHUP run the session's normal close, which logs.
                Wait-Until { (Get-Content -LiteralPath $session.Log -Raw) -match 'Session \S+ closed' } 'the close is logged to the end'
                Get-Content -LiteralPath $session.Log -Raw | Should -Match 'Closing session'
            }
        }
        finally {
            foreach ($p in @($session.Pwsh.Id) + $session.Pids) { & kill -KILL $p 2>$null }
        }
    }

    It 'the watchdog leaves with pwsh and is no agent process' {
        $dir = (New-Item -ItemType Directory -Path (Join-Path (Get-Item TestDrive:).FullName 'watchdog')).FullName
        $session = Start-SessionInChildPwsh $dir
        try {
            # The child of pwsh that runs the watchdog loop: a /bin/sh whose script traps the terminal's signals.
            $watchdogs = @(Get-ChildItem /proc -Directory | Where-Object Name -Match '^\d+$' | Where-Object {
                    (Get-Content -LiteralPath "/proc/$($_.Name)/stat" -Raw -ErrorAction Ignore) -match "^\d+ \(sh\) \S+ $($session.Pwsh.Id) " -and
                    (Get-Content -LiteralPath "/proc/$($_.Name)/cmdline" -Raw -ErrorAction Ignore) -match "trap '' INT HUP QUIT TERM"
                } | ForEach-Object { [int]$_.Name })
            $watchdogs.Count | Should -Be 1
            & kill -KILL $session.Pwsh.Id
            Wait-Until { -not (Test-ProcessAlive $watchdogs[0]) } 'the watchdog exits once its work is done' -TimeoutSeconds 10
        }
        finally {
            foreach ($p in @($session.Pwsh.Id) + $session.Pids) { & kill -KILL $p 2>$null }
        }
    }
}

Describe 'Removed and forgotten processes stay the session''s to end' {
    It 'Remove-Module ends the group of a process that was removed, or forgotten after the retention period' {
        $ps = New-ModuleRunspace
        try {
            $out = Invoke-InRunspace $ps @'
Set-AgentSession -Retention 1s
$removed = Start-AgentProcess 'sleep 300 >/dev/null 2>&1 & echo $!' -Wait
$forced = Start-AgentProcess 'sleep 300 >/dev/null 2>&1 & echo $!' -Wait
$pruned = Start-AgentProcess 'sleep 300 >/dev/null 2>&1 & echo $!' -Wait
($removed, $forced, $pruned | Receive-AgentProcessOutput).Output
$removed | Remove-AgentProcess
$forced | Remove-AgentProcess -Force -Confirm:$false
'@
            $pids = [int[]]($out.Trim() -split "`n")
            $pids.Count | Should -Be 3
            Wait-Until { -not (Invoke-InRunspace $ps 'Get-AgentProcess') } 'the exited process is forgotten'
            foreach ($p in $pids) { Test-ProcessAlive $p | Should -BeTrue }
            Invoke-InRunspace $ps 'Remove-Module AgentProc'
            Wait-Until { -not ($pids | Where-Object { Test-ProcessAlive $_ }) } 'the background children are gone'
        }
        finally { $ps.Dispose() }
    }
}
