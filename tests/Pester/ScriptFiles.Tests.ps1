BeforeAll {
    . $PSScriptRoot/common.ps1
    Set-AgentSession -LogDirectory (Join-Path (Get-Item TestDrive:).FullName logs)

    # A folder of scripts that print their name and arguments, fresh for each test.
    function New-ScriptFolder {
        $dir = Join-Path (Get-Item TestDrive:).FullName "scripts-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $dir | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'alpha.sh') -Value '#!/bin/sh', 'echo "alpha $#:$1|$2"'
        & chmod +x (Join-Path $dir 'alpha.sh')
        Set-Content -LiteralPath (Join-Path $dir 'beta.sh') -Value 'echo "beta $#:$1|$2"'
        Set-Content -LiteralPath (Join-Path $dir 'gamma[1].sh') -Value 'echo "gamma $#"'
        Set-Content -LiteralPath (Join-Path $dir 'notes.txt') -Value 'not a script'
        $dir
    }

    function Format-Run { process { "$($_.Name)=$($_.Output.TrimEnd())" } }
}
AfterAll { Clear-AgentProcesses }

Describe 'Invoke-AgentScript with script files' {
    BeforeEach {
        $dir = New-ScriptFolder
        Push-Location $dir
    }
    AfterEach { Pop-Location }

    It 'runs files piped from Get-ChildItem, each named after its file' {
        $results = Get-ChildItem -LiteralPath $dir -Filter *.sh | Invoke-AgentScript
        $results | Format-Run | Sort-Object | Should -Be @('alpha=alpha 0:|', 'beta=beta 0:|', 'gamma[1]=gamma 0')
        $results.Status | Should -Be @('Ok', 'Ok', 'Ok')
    }

    It 'runs paths piped as strings, with wildcards' {
        './alpha.sh' | Invoke-AgentScript | Format-Run | Should -Be 'alpha=alpha 0:|'
        './[ab]*.sh' | Invoke-AgentScript | Format-Run | Sort-Object | Should -Be @('alpha=alpha 0:|', 'beta=beta 0:|')
    }

    It 'expands wildcards in -Path, and takes -LiteralPath as written' {
        Invoke-AgentScript -Path ./*a.sh | Format-Run | Sort-Object | Should -Be @('alpha=alpha 0:|', 'beta=beta 0:|')
        Invoke-AgentScript -LiteralPath './gamma[1].sh' | Format-Run | Should -Be 'gamma[1]=gamma 0'
        Invoke-AgentScript -Path ./alpha.sh, ./beta.sh | Format-Run | Sort-Object | Should -Be @('alpha=alpha 0:|', 'beta=beta 0:|')
    }

    It 'gives every script the -ArgumentList, each argument as it is' {
        $args2 = 'a b', '$HOME'
        Get-ChildItem -LiteralPath $dir -Filter *a.sh | Invoke-AgentScript -ArgumentList $args2 | Format-Run | Sort-Object |
            Should -Be @('alpha=alpha 2:a b|$HOME', 'beta=beta 2:a b|$HOME')
        Invoke-AgentScript -Path ./beta.sh -ArgumentList "it's", '*' | Format-Run | Should -Be "beta=beta 2:it's|*"
        Invoke-AgentScript -Script 'echo "text $#:$1"' -Name text -ArgumentList 'x y' | Format-Run | Should -Be 'text=text 1:x y'
    }

    It 'a piped script keeps its own ArgumentList' {
        @{ Name = 'own'; Path = './alpha.sh'; ArgumentList = 'mine' } | Invoke-AgentScript -ArgumentList other | Format-Run | Should -Be 'own=alpha 1:mine|'
    }

    It 'takes an object with only a FullName as a file' {
        Get-Item ./beta.sh | Select-Object FullName | Invoke-AgentScript | Format-Run | Should -Be 'beta=beta 0:|'
    }

    It 'mixes files, paths and hashtables in one pipeline' {
        @{ Name = 'inline'; Script = 'echo inline' }, (Get-Item ./beta.sh), './alpha.sh' | Invoke-AgentScript | Format-Run | Sort-Object |
            Should -Be @('alpha=alpha 0:|', 'beta=beta 0:|', 'inline=inline')
    }

    It 'a wildcard that matches nothing is an error before anything starts' {
        $before = (Get-AgentSession).Scripts.Executed
        { Invoke-AgentScript -Path ./zzz*.sh -ErrorAction Stop } | Should -Throw -ErrorId 'AgentScriptPathMatchedNothing*'
        { @{ Name = 'fine'; Script = 'true' }, './zzz*.sh' | Invoke-AgentScript -ErrorAction Stop } | Should -Throw -ErrorId 'AgentScriptPathMatchedNothing*'
        (Get-AgentSession).Scripts.Executed | Should -Be $before -Because 'no script of those calls ran'
    }

    It 'a directory is an error, and -Name for several files too' {
        { Get-Item -LiteralPath $dir | Invoke-AgentScript -ErrorAction Stop } | Should -Throw -ErrorId 'AgentScriptPathIsDirectory*'
        { Invoke-AgentScript -Path ./*.sh -Name one -ErrorAction Stop } | Should -Throw -ErrorId 'AgentScriptNameForManyFiles*'
    }

    It 'a missing file named without wildcards is the runner''s error with the script''s name' {
        { Invoke-AgentScript -LiteralPath ./missing.sh -ErrorAction Stop } | Should -Throw -ErrorId 'AgentScriptFileNotFound*'
    }
}
