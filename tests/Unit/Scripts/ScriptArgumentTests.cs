using System.IO;
using System.Threading.Tasks;
using AgentProc.Scripts;
using Xunit;

namespace AgentProc.Tests.Scripts;

/// <summary>-ArgumentList: a script's $1, $2, ..., each passed as it is, for files and for text.</summary>
public sealed class ScriptArgumentTests
{
    private static readonly string[] Awkward = { "a b", "$HOME", "*", "it's", "\"q\"", string.Empty, "x\ny" };

    private const string PrintArguments = "printf '%s\\n' \"$#\"; for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done";

    private static string Expected => Awkward.Length + "\n" + string.Concat(System.Array.ConvertAll(Awkward, a => "[" + a + "]\n"));

    [Theory]
    [InlineData(true, "#!/bin/sh\n")]
    [InlineData(false, "#!/bin/sh\n")]
    [InlineData(false, "")]
    public async Task A_file_gets_each_argument_as_it_is(bool executable, string shebang)
    {
        using var harness = new ScriptTestHarness();
        var path = harness.WriteScript("args.sh", shebang + PrintArguments + "\n", executable);

        var result = await harness.RunOneAsync(new ScriptDefinition("args") { Path = path, Arguments = Awkward });

        Assert.Equal(AgentScriptStatus.Ok, result.Status);
        Assert.Equal(Expected, result.Output);
    }

    [Fact]
    public async Task Text_gets_them_as_its_positional_parameters()
    {
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(new ScriptDefinition("text") { Script = PrintArguments, Arguments = Awkward });
        Assert.Equal(Expected, result.Output);
    }

    [Fact]
    public async Task No_arguments_leave_the_command_as_it_was()
    {
        Assert.Equal("echo hi", ScriptCommand.ForText("echo hi", System.Array.Empty<string>()));
        using var harness = new ScriptTestHarness();
        var result = await harness.RunOneAsync(new ScriptDefinition("none") { Script = "echo $#" });
        Assert.Equal("0\n", result.Output);
    }

    [Fact]
    public void An_argument_with_a_nul_is_refused_before_anything_runs()
    {
        using var harness = new ScriptTestHarness();
        var error = Assert.Throws<AgentProc.Errors.AgentProcException>(() => harness.Runner.Validate(new[] { new ScriptDefinition("bad") { Script = "true", Arguments = new[] { "a\0b" } } }));
        Assert.Equal("AgentProcessNulCharacter", error.ErrorId);
        Assert.Contains("argument of script 'bad'", error.Message);
    }
}
