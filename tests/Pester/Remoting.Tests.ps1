BeforeDiscovery {
    # The scenario needs a real SSH server: Debian's openssh-server (.ci/run installs it). Without
    # one it is skipped, saying why; with one it always runs.
    $script:sshd = @('/usr/sbin/sshd', '/usr/local/sbin/sshd') | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    $script:ssh = Get-Command ssh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $script:skipReason = if (-not $IsLinux) { 'the loopback SSH server is set up for Linux only' }
    elseif (-not $script:sshd) { 'sshd is not installed (apt-get install openssh-server; .ci/run does)' }
    elseif (-not $script:ssh) { 'the ssh client is not installed (apt-get install openssh-client)' }
    if ($script:skipReason) { Write-Warning "Remoting.Tests.ps1 skipped: $($script:skipReason)." }
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:sshd = @('/usr/sbin/sshd', '/usr/local/sbin/sshd') | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
}

Describe 'PowerShell remoting over SSH: a session per remote runspace' -Skip:([bool]$script:skipReason) {
    BeforeAll {
        $script:dir = Join-Path (Get-Item TestDrive:).FullName ssh
        New-Item -ItemType Directory -Path $dir | Out-Null

        # Throw-away keys: the server's host key and the user's key, whose public half is the only authorized one.
        foreach ($key in 'host_key', 'user_key') {
            & ssh-keygen -q -t ed25519 -N '' -C "agentproc-test-$key" -f (Join-Path $dir $key)
            if ($LASTEXITCODE -ne 0) { throw "ssh-keygen failed for $key" }
        }
        Copy-Item (Join-Path $dir user_key.pub) (Join-Path $dir authorized_keys)

        # A free port on the loopback interface: bind port 0, read it, let it go.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $script:port = $listener.LocalEndpoint.Port
        $listener.Stop()

        # sshd as root needs its privilege-separation directory; made here only if missing, removed after.
        $script:madeRunDir = $false
        if ((id -u) -eq '0' -and -not (Test-Path /run/sshd)) {
            New-Item -ItemType Directory -Path /run/sshd | Out-Null
            $script:madeRunDir = $true
        }

        # The subsystem is this very pwsh ($PSHOME's), so the remote side runs the PowerShell under test.
        $config = Join-Path $dir sshd_config
        @"
Port $port
ListenAddress 127.0.0.1
HostKey $(Join-Path $dir host_key)
PidFile $(Join-Path $dir sshd.pid)
AuthorizedKeysFile $(Join-Path $dir authorized_keys)
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
LogLevel ERROR
Subsystem powershell $(Get-PwshPath) -sshs -NoProfile -NoLogo
"@ | Set-Content -LiteralPath $config
        & $sshd -t -f $config
        if ($LASTEXITCODE -ne 0) { throw "sshd -t rejected $config" }

        # -D: stay in the foreground, so this is the process to end; -e: errors to stderr (a file).
        $script:server = Start-Process -FilePath $sshd -ArgumentList '-D', '-e', '-f', $config -PassThru `
            -RedirectStandardError (Join-Path $dir sshd.err) -RedirectStandardOutput (Join-Path $dir sshd.out)
        Wait-Until -TimeoutSeconds 60 -Because "sshd listens on 127.0.0.1:$port ($(Get-Content (Join-Path $dir sshd.err) -Raw -ErrorAction Ignore))" {
            if ($server.HasExited) { throw "sshd exited: $(Get-Content (Join-Path $dir sshd.err) -Raw)" }
            $client = [System.Net.Sockets.TcpClient]::new()
            try { $client.Connect('127.0.0.1', $port); $true } catch { $false } finally { $client.Dispose() }
        }

        $script:sessionParameters = @{
            HostName    = '127.0.0.1'
            Port        = $port
            UserName    = [Environment]::UserName
            KeyFilePath = Join-Path $dir user_key
            # The host key is new on every run: nothing to check it against, and nothing to remember.
            Options     = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
        }
        $script:sessions = 1..2 | ForEach-Object { New-PSSession @sessionParameters -Name "agentproc-$_" -ErrorAction Stop }
        Invoke-Command -Session $sessions { param($Manifest) Import-Module $Manifest } -ArgumentList $script:ModuleManifest

        # Each remote runspace starts a process and registers a schedule of its own.
        $script:started = foreach ($i in 0, 1) {
            Invoke-Command -Session $sessions[$i] {
                param($Tag)
                Register-AgentScript -Name "sched-$Tag" -Cron '0 0 3 * * *' -Script 'true' | Out-Null
                Start-AgentProcess "echo hello from $Tag; sleep 300" -Name "remote-$Tag"
            } -ArgumentList "s$i"
        }
    }

    AfterAll {
        if ($script:sessions) { $script:sessions | Remove-PSSession -ErrorAction SilentlyContinue }
        if ($script:server -and -not $script:server.HasExited) {
            $script:server.Kill($true)
            $script:server.WaitForExit(30000) | Out-Null
        }
        if ($script:madeRunDir) { Remove-Item -LiteralPath /run/sshd -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'results come back with PSComputerName, one per session' {
        $started.Count | Should -Be 2
        $started.PSComputerName | Should -Be '127.0.0.1', '127.0.0.1'
        ($started.RunspaceId | Select-Object -Unique).Count | Should -Be 2
        foreach ($p in $started) { Test-ProcessAlive $p.ProcessId | Should -BeTrue }
    }

    It 'each session persists across Invoke-Command calls and sees only its own processes and schedules' {
        foreach ($i in 0, 1) {
            $mine = Invoke-Command -Session $sessions[$i] { Get-AgentProcess }
            $mine.Name | Should -Be "remote-s$i"
            $mine.InstanceId | Should -Be $started[$i].InstanceId
            (Invoke-Command -Session $sessions[$i] { Get-AgentScript }).Name | Should -Be "sched-s$i"
        }
        # Not this runspace's either.
        Get-AgentProcess | Where-Object Name -like 'remote-*' | Should -BeNullOrEmpty
    }

    It 'the fan-out pattern: start on every session, wait, collect the output with the host name' {
        $done = Invoke-Command -Session $sessions { Start-AgentProcess 'echo fan-out from $$' -Name fan | Wait-AgentProcess -Timeout 60 | Receive-AgentProcessOutput }
        $done.Count | Should -Be 2
        foreach ($output in $done) {
            $output.PSComputerName | Should -Be '127.0.0.1'
            $output.Output | Should -Match 'fan-out from \d+'
        }
    }

    It 'the format views render the deserialized objects: times, states and the computer name' {
        $processes = Invoke-Command -Session $sessions { Get-AgentProcess -Name remote-* }
        $table = $processes | Format-Table | Out-String -Width 200
        $table | Should -Match 'remote-s0'
        $table | Should -Match 'Running'
        $table | Should -Match '127\.0\.0\.1'
        $processes[0].StartedAt | Should -Not -BeNullOrEmpty
        ($processes | Format-List | Out-String -Width 200) | Should -Match 'StartedAt\s*:\s*\S+'

        # A DateTimeOffset from here arrives as a property bag; -After takes it back at the same instant.
        $after = [DateTimeOffset]::new(2030, 1, 1, 1, 0, 0, [TimeSpan]::FromHours(1))
        $occurrences = Invoke-Command -Session $sessions[0] { param($After) Get-AgentCronOccurrence '0 30 12 * * *' -TimeZone UTC -After $After -Count 2 } -ArgumentList $after
        $occurrences[0].Time | Should -Not -BeOfType ([DateTimeOffset]) -Because 'remoting does not rebuild a DateTimeOffset; the view reads its text'
        ($occurrences | Format-Table | Out-String -Width 200) | Should -Match '2030-01-01 12:30:00 \+00:00'
        ($occurrences | Format-Table | Out-String -Width 200) | Should -Match '2030-01-02 12:30:00 \+00:00'
        ($occurrences | Format-Wide | Out-String -Width 200) | Should -Match '2030-01-01 12:30:00'

        $schedules = Invoke-Command -Session $sessions { Get-AgentScript }
        ($schedules | Format-Table | Out-String -Width 200) | Should -Match '\d{4}-\d\d-\d\d 03:00:00'

        $result = Invoke-Command -Session $sessions[0] { Invoke-AgentScript -Name remote-script -Script 'echo ran' }
        ($result | Format-Table | Out-String -Width 200) | Should -Match 'remote-script.*Ok.*\d\d:\d\d:\d\d'

        $log = Invoke-Command -Session $sessions[0] { Get-AgentSessionLog -Tail 1 }
        ($log | Format-Table | Out-String -Width 200) | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}'
    }

    It 'Remove-PSSession ends each session: its processes are gone' {
        $pids = $started.ProcessId
        $sessions | Remove-PSSession
        $script:sessions = $null
        foreach ($processId in $pids) {
            Wait-Until -TimeoutSeconds 120 -Because "process $processId of a removed session has ended" { -not (Test-ProcessAlive $processId) }
        }
    }
}
