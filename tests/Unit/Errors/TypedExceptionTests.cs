using System;
using AgentProc.Errors;
using Xunit;

namespace AgentProc.Tests.Errors;

/// <summary>What a user catches: each engine error as the .NET type its kind matches, carrying the same facts.</summary>
public class TypedExceptionTests
{
    [Theory]
    [InlineData(AgentErrorKind.InvalidArgument, typeof(ArgumentException))]
    [InlineData(AgentErrorKind.ObjectNotFound, typeof(ArgumentException))]
    [InlineData(AgentErrorKind.PathNotFound, typeof(ArgumentException))]
    [InlineData(AgentErrorKind.ResourceExists, typeof(ArgumentException))]
    [InlineData(AgentErrorKind.InvalidOperation, typeof(InvalidOperationException))]
    [InlineData(AgentErrorKind.ResourceUnavailable, typeof(InvalidOperationException))]
    [InlineData(AgentErrorKind.OperatingSystem, typeof(InvalidOperationException))]
    [InlineData(AgentErrorKind.Timeout, typeof(TimeoutException))]
    public void Each_kind_becomes_its_matching_DotNet_type_with_the_same_facts(AgentErrorKind kind, Type expected)
    {
        var inner = new System.IO.IOException("disk");
        var typed = new AgentProcException("SomeId", kind, "message", 42, inner, "do this").ToTypedException();

        Assert.IsAssignableFrom(expected, typed);
        var facts = Assert.IsAssignableFrom<IAgentProcError>(typed);
        Assert.Equal("SomeId", facts.ErrorId);
        Assert.Equal(kind, facts.Kind);
        Assert.Equal(42, facts.Target);
        Assert.Equal("do this", facts.RecommendedAction);
        Assert.Equal("message", typed.Message);
        Assert.Same(inner, typed.InnerException);
    }

    [Fact]
    public void Unknown_ids_recommend_Get_AgentProcess()
    {
        Assert.Contains("Get-AgentProcess", EngineErrors.ProcessNotFound(7).RecommendedAction);
        Assert.NotNull(EngineErrors.SessionClosed().RecommendedAction);
    }
}
