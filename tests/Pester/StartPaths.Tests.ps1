BeforeAll { . $PSScriptRoot/common.ps1 }
AfterAll { Clear-AgentProcesses }

# The Unix start paths as a user meets them (see README, Platform notes): the spawn path by default on
# Linux, the fallback when AGENTPROC_START_PATH=fallback. Each case that needs its own pwsh runs one.
Describe 'Start paths' -Skip:$IsWindows {
    BeforeAll {
        $script:Pwsh = Get-PwshPath
        # GNU env (coreutils 8.31+) can start pwsh with SIGCHLD ignored.
        $script:EnvIgnores = $false
        if ($IsLinux) {
            & /usr/bin/env --ignore-signal=CHLD /bin/sh -c 'exit 0' 2>$null
            $script:EnvIgnores = $LASTEXITCODE -eq 0
        }
    }
    AfterEach { Clear-AgentProcesses }

    It 'a child does not inherit the SIGPIPE that pwsh ignores: yes | head ends quietly' -Skip:(-not $IsLinux) {
        $ignored = [Convert]::ToUInt64(((Get-Content "/proc/$PID/status" | Where-Object { $_ -like 'SigIgn:*' }) -split '\s+')[1], 16)
        ($ignored -band (1 -shl 12)) | Should -Not -Be 0 -Because 'pwsh itself ignores SIGPIPE'

        $p = Start-AgentProcess 'yes | head -n 2; grep SigIgn /proc/self/status' -Wait
        $p.ExitCode | Should -Be 0
        ($p | Receive-AgentProcessOutput).Output | Should -Be "y`ny`nSigIgn:`t0000000000000000`n"
    }

    It 'with SIGCHLD ignored when pwsh started, -Wait still returns and the exit code reads -1' -Skip:(-not $IsLinux) {
        if (-not $script:EnvIgnores) { Set-ItResult -Skipped -Because 'env has no --ignore-signal here'; return }
        # .NET then reaps every child itself, so the status is gone; the exit is still seen at once.
        $out = & /usr/bin/env --ignore-signal=CHLD $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$script:ModuleManifest'; `$p = Start-AgentProcess 'exit 3' -Wait; `$p.State; `$p.ExitCode"
        $out | Should -Be @('Exited', '-1')
    }

    It 'AGENTPROC_START_PATH=fallback starts through Process, with the same group, signals and exit codes' {
        $command = "Import-Module '$script:ModuleManifest'; " +
            "`$p = Start-AgentProcess 'yes | head -n 1; read -r _ _ _ _ g _ < /proc/`$`$/stat; [ `$g -eq `$`$ ] && echo leader; exit 3' -Wait; " +
            "`$p.ExitCode; (`$p | Receive-AgentProcessOutput).Output.TrimEnd(); " +
            "`$q = Start-AgentProcess 'sleep 300 & wait'; Stop-AgentProcess `$q; (`$q | Wait-AgentProcess).ExitCode"
        $env:AGENTPROC_START_PATH = 'fallback'
        try {
            $out = & $script:Pwsh -NoProfile -NonInteractive -Command $command
        }
        finally {
            Remove-Item Env:AGENTPROC_START_PATH
        }
        $out | Should -Be @('3', 'y', 'leader', '143')
    }
}
