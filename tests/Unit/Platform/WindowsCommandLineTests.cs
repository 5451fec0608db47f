using AgentProc.Errors;
using AgentProc.Platform;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>The command line CreateProcessW gets on Windows: the same text .NET's Process passed before.</summary>
public sealed class WindowsCommandLineTests
{
    private const string ComSpec = @"C:\Windows\system32\cmd.exe";
    private const string WindowsPowerShell = @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe";

    [Theory]
    [InlineData(ShellKind.Default)]
    [InlineData(ShellKind.Cmd)]
    public void The_default_shell_is_cmd_with_d_s_c_and_the_command_as_typed(ShellKind shell)
    {
        var line = WindowsCommandLine.For("echo \"a b\" & exit /b 3", null, shell, ComSpec, WindowsPowerShell);

        Assert.Equal(@"""C:\Windows\system32\cmd.exe"" /d /s /c ""echo ""a b"" & exit /b 3""", line);
    }

    [Fact]
    public void Pwsh_gets_the_command_as_one_quoted_argument()
    {
        var line = WindowsCommandLine.For("Write-Output \"hi\"", null, ShellKind.Pwsh, ComSpec, WindowsPowerShell);

        Assert.Equal(@"""pwsh.exe"" -NoLogo -NoProfile -NonInteractive -Command ""Write-Output \""hi\""""", line);
    }

    [Fact]
    public void Windows_PowerShell_runs_from_the_system_directory()
    {
        var line = WindowsCommandLine.For("Get-Date", null, ShellKind.PowerShell, ComSpec, WindowsPowerShell);

        Assert.Equal(@"""C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"" -NoLogo -NoProfile -NonInteractive -Command Get-Date", line);
    }

    [Fact]
    public void Bash_merges_stderr_into_stdout_before_the_command()
    {
        var line = WindowsCommandLine.For("ls", null, ShellKind.Bash, ComSpec, WindowsPowerShell);

        Assert.Equal("\"bash.exe\" -c \"exec 2>&1\nls\"", line);
    }

    [Fact]
    public void Bash_leaves_stderr_alone_when_it_has_a_pipe_of_its_own()
    {
        var line = WindowsCommandLine.For("ls", null, ShellKind.Bash, ComSpec, WindowsPowerShell, separateStandardError: true);

        Assert.Equal("\"bash.exe\" -c ls", line);
    }

    [Fact]
    public void Sh_is_refused_with_the_shells_that_Windows_has()
    {
        var error = Assert.Throws<AgentProcException>(() => WindowsCommandLine.For("ls", null, ShellKind.Sh, ComSpec, WindowsPowerShell));

        Assert.Contains("Use Default, Cmd, Bash, Pwsh or PowerShell", error.Message);
    }

    [Fact]
    public void A_program_runs_with_each_argument_quoted_for_the_C_runtime()
    {
        var line = WindowsCommandLine.For(@"C:\Program Files\Git\bin\git.exe", new[] { "commit", "-m", "say \"hi\"", @"C:\my dir\", string.Empty }, ShellKind.Default, ComSpec, WindowsPowerShell);

        Assert.Equal(@"""C:\Program Files\Git\bin\git.exe"" commit -m ""say \""hi\"""" ""C:\my dir\\"" """"", line);
    }

    [Fact]
    public void A_program_without_arguments_has_no_trailing_space()
    {
        Assert.Equal(@"""C:\tools\tool.exe""", WindowsCommandLine.For(@"C:\tools\tool.exe", new string[0], ShellKind.Default, ComSpec, WindowsPowerShell));
    }

    [Fact]
    public void A_program_already_in_quotes_is_not_quoted_again()
    {
        Assert.Equal(@"""C:\my tools\cmd.exe"" /c x", WindowsCommandLine.Program(@" ""C:\my tools\cmd.exe"" ", "/c x"));
    }
}
