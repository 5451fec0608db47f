using System;
using System.Collections.Generic;
using AgentProc.Platform;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>The environment block CreateProcessW gets on Windows, built and checked here on Linux.</summary>
public sealed class WindowsEnvironmentBlockTests
{
    [Fact]
    public void Environment_block_is_sorted_case_insensitively_and_ends_with_two_nuls()
    {
        var environment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["windir"] = @"C:\Windows",
            ["Path"] = @"C:\bin",
            ["ALLUSERSPROFILE"] = @"C:\ProgramData",
            ["_underscore"] = "u",
        };

        // '_' (0x5F) sorts after the letters once they are folded to upper case, as Windows sorts it.
        Assert.Equal("ALLUSERSPROFILE=C:\\ProgramData\0Path=C:\\bin\0windir=C:\\Windows\0_underscore=u\0\0", WindowsEnvironmentBlock.Build(environment));
    }

    [Fact]
    public void An_empty_environment_is_two_nuls()
    {
        Assert.Equal("\0\0", WindowsEnvironmentBlock.Build(new Dictionary<string, string>()));
    }

    [Fact]
    public void Values_are_kept_as_they_are_equals_signs_and_spaces_included()
    {
        var environment = new Dictionary<string, string> { ["OPTS"] = "a=b  c", ["EMPTY"] = string.Empty };

        Assert.Equal("EMPTY=\0OPTS=a=b  c\0\0", WindowsEnvironmentBlock.Build(environment));
    }

    [Fact]
    public void Names_that_differ_only_in_case_come_in_one_fixed_order()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["path"] = "2", ["PATH"] = "1" };

        Assert.Equal("PATH=1\0path=2\0\0", WindowsEnvironmentBlock.Build(environment));
    }
}
