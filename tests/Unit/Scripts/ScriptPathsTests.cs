using System.Collections.Generic;
using AgentProc.Scripts;
using Xunit;

namespace AgentProc.Tests.Scripts;

public sealed class ScriptPathsTests
{
    private static readonly Dictionary<string, string> Env = new() { ["A"] = "alpha", ["DIR"] = "/d", ["HOME"] = "/home/me" };

    [Theory]
    [InlineData("$A/x", "alpha/x")]
    [InlineData("${A}x", "alphax")]
    [InlineData("%A%x", "alphax")]
    [InlineData("$Ax", "$Ax")]
    [InlineData("$MISSING/x", "$MISSING/x")]
    [InlineData("${MISSING}", "${MISSING}")]
    [InlineData("100%", "100%")]
    [InlineData("$", "$")]
    [InlineData("${A", "${A")]
    [InlineData("a$A$A", "aalphaalpha")]
    public void Variables_expand_and_unknown_ones_stay(string text, string expected)
    {
        Assert.Equal(expected, ScriptPaths.ExpandVariables(text, Env));
    }

    [Theory]
    [InlineData("~", "/home/me")]
    [InlineData("~/logs/a.log", "/home/me/logs/a.log")]
    [InlineData("~other/a", "~other/a")]
    [InlineData("a/~/b", "a/~/b")]
    public void A_leading_tilde_is_home(string text, string expected)
    {
        Assert.Equal(expected, ScriptPaths.ExpandHome(text, "/home/me/"));
    }

    [Fact]
    public void Log_files_default_to_the_log_directory_and_relative_ones_go_under_it()
    {
        Assert.Equal("/logs/agentproc-script-x.log", ScriptPaths.LogFile("x", null, "/logs", Env));
        Assert.Equal("/logs/sub/y.log", ScriptPaths.LogFile("x", "sub/y.log", "/logs", Env));
        Assert.Equal("/d/y.log", ScriptPaths.LogFile("x", "$DIR/y.log", "/logs", Env));
        Assert.Equal("/home/me/y.log", ScriptPaths.LogFile("x", "~/y.log", "/logs", Env));
        Assert.Equal("/abs/y.log", ScriptPaths.LogFile("x", "/abs/../abs/y.log", "/logs", Env));
    }

    [Theory]
    [InlineData("simple", "simple")]
    [InlineData("with-dash_and.dot", "with-dash_and.dot")]
    public void Safe_names_are_kept(string name, string expected)
    {
        Assert.Equal(expected, ScriptNames.Sanitize(name));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("naïve")]
    public void Unsafe_names_become_safe_and_distinct(string name)
    {
        var safe = ScriptNames.Sanitize(name);
        Assert.Matches("^[A-Za-z0-9_][A-Za-z0-9._-]*$", safe);
        Assert.NotEqual(safe, ScriptNames.Sanitize(name + "x"));
        Assert.Equal(safe, ScriptNames.Sanitize(name));
    }
}
