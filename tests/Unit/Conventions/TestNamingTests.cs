using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace AgentProc.Tests.Conventions;

/// <summary>
/// One naming style for tests: every [Fact] and [Theory] (and every attribute derived from them) is a
/// sentence saying the behaviour it proves, its words joined by '_', the first capitalised, names from
/// the code and acronyms kept as they read: <c>A_non_zero_exit_is_ExitFailure_naming_the_code_and_signal</c>.
/// </summary>
public class TestNamingTests
{
    // At least two words, each letters and digits, joined by single underscores; the first starts upper-case or with a digit.
    private static readonly Regex UnderscoreSentence = new("^[A-Z0-9][A-Za-z0-9]*(_[A-Za-z0-9]+)+$", RegexOptions.CultureInvariant);

    // A small letter then a capital inside one word: a name from the code (ShouldProcess), or words joined by case (KeepsTheStart).
    private static readonly Regex JoinedByCase = new("[a-z][A-Z]", RegexOptions.CultureInvariant);

    /// <summary>
    /// Whether <paramref name="name"/> reads as an underscore sentence. Words joined by case are allowed
    /// for names from the code, but must be fewer than the plain words, so <c>HeadOnly_KeepsTheStart</c> is refused.
    /// </summary>
    internal static bool IsUnderscoreSentence(string name)
    {
        if (!UnderscoreSentence.IsMatch(name))
        {
            return false;
        }

        var words = name.Split('_');
        return 2 * words.Count(w => JoinedByCase.IsMatch(w)) < words.Length;
    }

    /// <summary>Every method of this assembly that xunit runs as a test.</summary>
    private static IEnumerable<MethodInfo> TestMethods() =>
        from type in typeof(TestNamingTests).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where method.IsDefined(typeof(FactAttribute), inherit: true)
        select method;

    [Fact]
    public void Every_test_is_named_as_an_underscore_sentence()
    {
        var tests = TestMethods().ToList();
        var offenders = tests
            .Where(m => !IsUnderscoreSentence(m.Name))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

        Assert.True(tests.Count > 100, $"Found only {tests.Count} tests: the reflection over the test assembly misses some.");
        Assert.True(
            offenders.Count == 0,
            $"{offenders.Count} test(s) not named as a sentence with its words joined by '_' " +
            "(e.g. Parses_Go_durations_and_time_spans, not ParsesGoDurationsAndTimeSpans):" +
            Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    [Theory]
    [InlineData("Parses_Go_durations_and_time_spans", true)]
    [InlineData("A_non_zero_exit_is_ExitFailure_naming_the_code_and_signal", true)]
    [InlineData("TryParse_returns_the_schedule", true)]
    [InlineData("ParsesGoDurationsAndTimeSpans", false)]
    [InlineData("HeadOnly_KeepsTheStart", false)]
    [InlineData("parses_Go_durations", false)]
    [InlineData("Parses__Go_durations", false)]
    [InlineData("Parses_Go_durations_", false)]
    public void The_rule_accepts_underscore_sentences_and_refuses_other_names(string name, bool expected)
    {
        Assert.Equal(expected, IsUnderscoreSentence(name));
    }
}
