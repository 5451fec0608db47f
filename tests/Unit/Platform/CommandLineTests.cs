using System.Threading;
using System.Threading.Tasks;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Platform;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("a \"quoted\" word")]
    [InlineData("trailing backslash\\")]
    [InlineData("backslash before quote\\\"x")]
    [InlineData("many \\\\\\\" slashes")]
    [InlineData("line one\nline two\n")]
    [InlineData("tab\there $HOME `echo` 'single'")]
    [InlineData("ünïcödé €")]
    public async Task A_command_reaches_the_shell_byte_for_byte(string text)
    {
        // printf %s prints its argument unchanged, so the output is what the shell was given.
        var escaped = text.Replace("'", "'\\''");
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest($"printf %s '{escaped}'"));
        var output = await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);
        Assert.Equal(text, output.Output);
    }

    [Fact]
    public void An_empty_argument_is_kept_as_an_empty_pair_of_quotes()
    {
        Assert.Equal("a \"\" b", CommandLine.Join(new[] { "a", "", "b" }));
    }
}
