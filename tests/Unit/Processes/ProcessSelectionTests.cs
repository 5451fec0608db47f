using System;
using System.Linq;
using System.Threading.Tasks;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

public sealed class ProcessSelectionTests : IDisposable
{
    private readonly ProcessManager manager = TestManagers.Create();
    private readonly AgentProcess buildWeb;
    private readonly AgentProcess buildApi;
    private readonly AgentProcess test;

    public ProcessSelectionTests()
    {
        buildWeb = manager.Start(new ProcessStartRequest("sleep 60") { Name = "build-web" });
        buildApi = manager.Start(new ProcessStartRequest("exit 0") { Name = "Build-API" });
        test = manager.Start(new ProcessStartRequest("sleep 60") { Name = "test" });
        buildApi.Completion.Wait(Eventually.DefaultBound);
    }

    public void Dispose() => manager.Dispose();

    [Fact]
    public void No_filter_selects_everything_in_list_order()
    {
        var result = ProcessSelection.Select(manager.List());
        Assert.Equal(new[] { test.Id, buildWeb.Id, buildApi.Id }, result.Processes.Select(p => p.Id));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Ids_select_and_each_unknown_id_is_an_error()
    {
        var result = ProcessSelection.Select(manager.List(), ids: new[] { buildWeb.Id, 404, 405 });
        Assert.Equal(new[] { buildWeb.Id }, result.Processes.Select(p => p.Id));
        Assert.Equal(new object[] { 404, 405 }, result.Errors.Select(e => e.Target));
        Assert.All(result.Errors, e => Assert.Equal("AgentProcessNotFound", e.ErrorId));
    }

    [Fact]
    public void Instance_ids_select_and_an_unknown_one_is_an_error()
    {
        var missing = Guid.NewGuid();
        var result = ProcessSelection.Select(manager.List(), instanceIds: new[] { test.InstanceId, missing });
        Assert.Equal(new[] { test.Id }, result.Processes.Select(p => p.Id));
        Assert.Equal(missing, Assert.Single(result.Errors).Target);
    }

    [Fact]
    public void Names_match_wildcards_case_insensitively_and_a_wildcard_matching_nothing_is_not_an_error()
    {
        var result = ProcessSelection.Select(manager.List(), names: new[] { "build*", "nothing*" });
        Assert.Equal(new[] { buildWeb.Id, buildApi.Id }, result.Processes.Select(p => p.Id));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void An_exact_name_matching_nothing_is_an_error_naming_it()
    {
        var result = ProcessSelection.Select(manager.List(), names: new[] { "test", "nope" });
        Assert.Equal(new[] { test.Id }, result.Processes.Select(p => p.Id));
        Assert.Equal("nope", Assert.Single(result.Errors).Target);
    }

    [Fact]
    public void States_filter_what_the_other_selectors_chose()
    {
        var running = ProcessSelection.Select(manager.List(), names: new[] { "build*" }, states: new[] { AgentProcessState.Running });
        Assert.Equal(new[] { buildWeb.Id }, running.Processes.Select(p => p.Id));
        var exited = ProcessSelection.Select(manager.List(), states: new[] { AgentProcessState.Exited });
        Assert.Equal(new[] { buildApi.Id }, exited.Processes.Select(p => p.Id));
    }
}

public sealed class NamePatternTests
{
    [Theory]
    [InlineData("build*", "build-web", true)]
    [InlineData("build*", "BUILD", true)]
    [InlineData("build*", "rebuild", false)]
    [InlineData("b?ild", "build", true)]
    [InlineData("b?ild", "bild", false)]
    [InlineData("[bc]at", "cat", true)]
    [InlineData("[bc]at", "rat", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("web`*", "web*", true)]
    [InlineData("web`*", "webserver", false)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("(x)+", "(x)+", true)]
    [InlineData("[unclosed", "[unclosed", true)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void Matches_like_PowerShell_wildcards(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, new NamePattern(pattern).IsMatch(name));
    }

    [Theory]
    [InlineData("plain", false)]
    [InlineData("a*", true)]
    [InlineData("a?", true)]
    [InlineData("[ab]", true)]
    [InlineData("a`*", false)]
    public void Knows_whether_a_pattern_has_wildcards(string pattern, bool expected)
    {
        Assert.Equal(expected, NamePattern.HasWildcards(pattern));
    }

    [Theory]
    [InlineData("[x]", new[] { "[x]" })]       // exactly a name: taken as written
    [InlineData("[X]", new[] { "[x]" })]       // ignoring case, like every name here
    [InlineData("`[x`]", new[] { "[x]" })]     // escaped: the same
    [InlineData("[xy]", new[] { "x", "y" })]   // no such name: a wildcard
    [InlineData("*", new[] { "[x]", "x", "y", "a*", "ab" })]
    [InlineData("a*", new[] { "a*" })]         // a name with a star in it selects only itself, not "ab"
    [InlineData("A?", new[] { "a*", "ab" })]
    public void A_name_that_is_exactly_an_items_name_selects_that_item(string name, string[] expected)
    {
        var items = new[] { "[x]", "x", "y", "a*", "ab" };

        var chosen = NamePattern.Select(items, new[] { name }, n => n, out var unmatched);

        Assert.Equal(expected, chosen);
        Assert.Empty(unmatched);
    }

    [Fact]
    public void A_plain_name_that_matches_nothing_is_reported()
    {
        NamePattern.Select(new[] { "x" }, new[] { "nothing", "no*" }, n => n, out var unmatched);

        Assert.Equal(new[] { "nothing" }, unmatched);
    }
}
