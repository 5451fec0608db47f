using System.Collections.Generic;
using System.Text;
using AgentProc.Output;
using AgentProc.Platform;
using AgentProc.Scripts;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>
/// The Windows code paths that can be checked here, on Linux: how a script file becomes a cmd line,
/// and how a code page's bytes become the UTF-8 the buffer reads. Windows itself is not tested in CI.
/// </summary>
public sealed class WindowsCodePathTests
{
    static WindowsCodePathTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed class CollectingSink : IOutputSink
    {
        private readonly List<byte> bytes = new();

        public void Write(byte[] buffer, int offset, int count) => bytes.AddRange(new System.ArraySegment<byte>(buffer, offset, count));

        public string Text => Encoding.UTF8.GetString(bytes.ToArray());
    }

    [Fact]
    public void A_ps1_file_runs_in_PowerShell_with_File_not_through_call()
    {
        var line = ScriptCommand.ForWindowsFile(@"C:\work dir\deploy.PS1", @"C:\Program Files\PowerShell\7\pwsh.exe");

        Assert.Equal(@"""C:\Program Files\PowerShell\7\pwsh.exe"" -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ""C:\work dir\deploy.PS1""", line);
    }

    [Theory]
    [InlineData(@"C:\scripts\build.cmd")]
    [InlineData(@"C:\scripts\old.bat")]
    [InlineData(@"C:\tools\tool.exe")]
    public void Batch_files_and_programs_are_called(string path)
    {
        Assert.Equal("call \"" + path + "\"", ScriptCommand.ForWindowsFile(path, "pwsh.exe"));
    }

    [Fact]
    public void Windows_PowerShell_is_the_one_in_the_system_directory()
    {
        Assert.EndsWith("powershell.exe", PowerShellExecutables.WindowsPowerShell);
        Assert.Contains("WindowsPowerShell", PowerShellExecutables.WindowsPowerShell);
    }

    [Fact]
    public void Oem_code_page_bytes_reach_the_buffer_as_UTF8()
    {
        var sink = new CollectingSink();
        var oem = new CodePageOutputSink(sink, Encoding.GetEncoding(850));
        var bytes = Encoding.GetEncoding(850).GetBytes("Größe: 5 €? naïve\r\n");

        oem.Write(bytes, 0, bytes.Length);

        Assert.Equal(Encoding.GetEncoding(850).GetString(bytes), sink.Text);
        Assert.StartsWith("Größe: 5 ", sink.Text);
    }

    [Fact]
    public void A_double_byte_character_split_between_two_reads_survives()
    {
        var sink = new CollectingSink();
        var shiftJis = Encoding.GetEncoding(932);
        var oem = new CodePageOutputSink(sink, shiftJis);
        var bytes = shiftJis.GetBytes("日本語");

        oem.Write(bytes, 0, 1);
        oem.Write(bytes, 1, bytes.Length - 1);

        Assert.Equal("日本語", sink.Text);
    }

    [Fact]
    public void UTF8_code_page_needs_no_re_encoding()
    {
        Assert.Null(ShellOutputEncoding.Find(65001));
        Assert.NotNull(ShellOutputEncoding.Find(437));
    }

    [Fact]
    public void On_Unix_output_is_not_re_encoded_and_PowerShell_5_1_is_refused_with_a_pointer_to_Pwsh()
    {
        var sink = new CollectingSink();
        Assert.Same(sink, ShellOutputEncoding.Wrap(sink, ShellKind.Default));

        var info = new AgentProc.Processes.ChildStartInfo("echo", System.IO.Path.GetTempPath(), new System.Collections.Generic.Dictionary<string, string>()) { Shell = ShellKind.PowerShell };
        var error = Assert.Throws<AgentProc.Errors.AgentProcException>(() => new UnixProcessPlatform().Start(info));
        Assert.Equal("AgentProcessShellUnavailable", error.ErrorId);
        Assert.Contains("Pwsh", error.Message);
    }
}
