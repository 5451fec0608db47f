BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:helpDir = Join-Path (Split-Path -Parent $script:ModuleManifest) en-US

    # Get-Help in a fresh pwsh that imported the built module, as a user would see it.
    function Get-FreshHelp {
        param([string] $Topic)
        & (Get-PwshPath) -NoProfile -NonInteractive -Command "Import-Module '$script:ModuleManifest'; Get-Help $Topic | Out-String -Width 200" 2>&1 | Out-String
    }
}

Describe 'Conceptual help ships in en-US and Get-Help shows it' {
    It '<Topic> is in out/AgentProc/en-US and Get-Help shows its sections' -TestCases @(
        @{ Topic = 'about_AgentProc'; Expect = 'Sessions', 'Processes', 'head\+tail', 'Scripts', 'Schedules', 'Logging', 'about_AgentProc_Cron' }
        @{ Topic = 'about_AgentProc_Cron'; Expect = 'seconds first', 'The day rule', 'Time zones', 'Daylight saving', 'Examples' }
    ) {
        Join-Path $helpDir "$Topic.help.txt" | Should -Exist
        $text = Get-FreshHelp $Topic
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match "TOPIC\s+$Topic\s"
        foreach ($phrase in $Expect) { $text | Should -Match $phrase }
        $text | Should -Not -Match '```|\*\*'
    }

    It 'every Get-AgentCronOccurrence example in about_AgentProc_Cron runs without an error' {
        $lines = Get-Content (Join-Path $helpDir about_AgentProc_Cron.help.txt) | ForEach-Object Trim | Where-Object { $_ -like 'Get-AgentCronOccurrence *' }
        $lines.Count | Should -BeGreaterThan 3
        foreach ($line in $lines) {
            $occurrences = @(& ([scriptblock]::Create($line + ' -ErrorAction Stop')))
            $occurrences.Count | Should -BeGreaterThan 0 -Because $line
        }
    }

    It 'a mandatory parameter left out prompts with its HelpMessage (!? shows it)' {
        $parameter = (Get-Command Start-AgentProcess).Parameters['Command'].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
        $parameter.HelpMessage | Should -Match 'command line'
    }
}
