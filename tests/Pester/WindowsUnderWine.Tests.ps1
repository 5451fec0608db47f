BeforeDiscovery {
    # The Windows start path (CreateProcessW suspended, the Job Object, the pipes and their readers) run
    # for real: tests/Wine is a win-x64 program that drives the engine's Windows platform and reports each
    # check. On Linux it runs under Wine (Debian's wine; .ci/run installs it); on Windows it runs as it
    # is. Without Wine on Linux it is skipped, saying why; with it it always runs.
    $script:wine = if ($IsLinux) { Get-Command wine -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1 }
    $script:skipReason = if ($IsMacOS) { 'Wine is not set up for macOS here' }
    elseif ($IsLinux -and -not $script:wine) { 'Wine is not installed (apt-get install wine; .ci/run does)' }
    if ($script:skipReason) { Write-Warning "WindowsUnderWine.Tests.ps1 skipped: $($script:skipReason)." }

    # One It per check the program makes, by the name it prints.
    $script:checks = @(
        @{ Check = 'exit-code'; Says = 'the exit code is the one the command exited with' }
        @{ Check = 'stdout-and-stderr-in-one-pipe'; Says = 'stdout and stderr arrive through one pipe' }
        @{ Check = 'environment-block'; Says = 'the child gets exactly the environment block built for it' }
        @{ Check = 'end-of-file'; Says = 'the reader ends at end-of-file when the child exits' }
        @{ Check = 'stderr-apart'; Says = 'stderr apart (as scripts start) reaches a sink of its own' }
        @{ Check = 'stdin-end-of-file'; Says = 'stdin reads end-of-file at once' }
        @{ Check = 'group-alive'; Says = 'the job holds the child while it runs' }
        @{ Check = 'kill-signal-sent'; Says = 'a signal terminates the job' }
        @{ Check = 'group-gone-after-kill'; Says = 'no process is left in the job after it' }
        @{ Check = 'killed-exit-code'; Says = 'the killed child reads 128+9' }
        @{ Check = 'grandchild-in-the-job'; Says = 'a grandchild started at once is in the job and dies with it' }
        @{ Check = 'missing-directory'; Says = 'a missing working directory is the engine''s error' }
        @{ Check = 'abandoned-reader-completes'; Says = 'an abandoned reader completes while a grandchild holds the pipe' }
        @{ Check = 'dispose-ends-the-tree'; Says = 'disposing the process closes its job and ends the whole tree' }
    )
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:wine = if ($IsLinux) { Get-Command wine -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1 }
}

Describe 'The Windows start path, run under Wine' -Skip:([bool]$script:skipReason) {
    BeforeAll {
        $root = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
        $out = Join-Path $root 'out/wine'
        & dotnet publish (Join-Path $root 'tests/Wine/AgentProc.WineChecks.csproj') -c Release -o $out --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw "dotnet publish of tests/Wine failed ($LASTEXITCODE)" }

        $exe = Join-Path $out 'AgentProc.WineChecks.exe'
        $info = if ($IsWindows) { [Diagnostics.ProcessStartInfo]::new($exe) } else { [Diagnostics.ProcessStartInfo]::new($script:wine.Source, "`"$exe`"") }
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        # A prefix of our own, so the user's ~/.wine is not touched; Wine's own chatter off.
        $info.Environment['WINEPREFIX'] = Join-Path $root 'out/wine-prefix'
        $info.Environment['WINEDEBUG'] = '-all'
        $run = [Diagnostics.Process]::Start($info)
        $reading = $run.StandardOutput.ReadToEndAsync()
        # The first run creates the prefix (tens of seconds); the checks take a few seconds.
        if (-not $run.WaitForExit(300000)) {
            $run.Kill($true)
            if (-not $IsWindows) { & env "WINEPREFIX=$($info.Environment['WINEPREFIX'])" wineserver -k }
            throw 'the Wine checks did not end within 5 minutes'
        }
        $script:lines = $reading.GetAwaiter().GetResult() -split "`r?`n"
        $script:results = @{}
        foreach ($line in $script:lines) {
            if ($line -match '^(PASS|FAIL) ([\w-]+)(: (.*))?$') { $script:results[$Matches[2]] = $line }
        }
        $script:exitCode = $run.ExitCode
        if (-not $IsWindows) { & env "WINEPREFIX=$($info.Environment['WINEPREFIX'])" wineserver -w }
    }

    It '<Says>' -TestCases $script:checks {
        $script:results[$Check] | Should -Be "PASS $Check" -Because ($script:lines -join "`n")
    }

    It 'reports every check it made, and no failure' -TestCases @{ Expected = $script:checks.Count } {
        $Expected | Should -BeGreaterThan 0
        $script:results.Count | Should -Be $Expected -Because ($script:lines -join "`n")
        $script:exitCode | Should -Be 0
    }
}
