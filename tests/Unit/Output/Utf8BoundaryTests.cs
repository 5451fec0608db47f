using AgentProc.Output;
using Xunit;

namespace AgentProc.Tests.Output;

public class Utf8BoundaryTests
{
    [Theory]
    [InlineData(new byte[] { }, 0)]
    [InlineData(new byte[] { 0x61, 0x62 }, 2)]                    // ASCII
    [InlineData(new byte[] { 0x61, 0xC3 }, 1)]                    // é cut after its lead byte
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, 3)]              // é complete
    [InlineData(new byte[] { 0x61, 0xE2 }, 1)]                    // € cut after 1 of 3
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1)]              // € cut after 2 of 3
    [InlineData(new byte[] { 0x61, 0xE2, 0x82, 0xAC }, 4)]        // € complete
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98 }, 1)]        // 😀 cut after 3 of 4
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]        // 😀 complete, nothing before it
    [InlineData(new byte[] { 0xF0 }, 0)]                          // only a lead byte
    [InlineData(new byte[] { 0x61, 0x80, 0x80, 0x80, 0x80 }, 5)]  // stray continuations: invalid anyway, kept
    [InlineData(new byte[] { 0x61, 0xFF }, 2)]                    // never a lead byte: kept
    public void TrimIncompleteEnd_drops_only_a_cut_off_character(byte[] bytes, int expected)
    {
        Assert.Equal(expected, Utf8Boundary.TrimIncompleteEnd(bytes, 0, bytes.Length));
    }

    [Fact]
    public void TrimIncompleteEnd_honours_offset_and_count()
    {
        byte[] bytes = { 0xE2, 0x82, 0xAC, 0x61, 0xE2, 0x82, 0xAC };
        Assert.Equal(1, Utf8Boundary.TrimIncompleteEnd(bytes, 3, 3)); // "a" + 2 bytes of €
        Assert.Equal(4, Utf8Boundary.TrimIncompleteEnd(bytes, 3, 4));
    }

    [Theory]
    [InlineData(new byte[] { }, 0)]
    [InlineData(new byte[] { 0x61 }, 0)]
    [InlineData(new byte[] { 0xAC, 0x61 }, 1)]                    // end of €
    [InlineData(new byte[] { 0x82, 0xAC, 0x61 }, 2)]
    [InlineData(new byte[] { 0x9F, 0x98, 0x80, 0x61 }, 3)]        // end of 😀
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x61 }, 3)]  // never more than 3
    [InlineData(new byte[] { 0xE2, 0x82, 0xAC }, 0)]              // starts on a lead byte
    [InlineData(new byte[] { 0x80 }, 1)]
    public void LeadingContinuationCount_counts_the_remains_of_a_character(byte[] bytes, int expected)
    {
        Assert.Equal(expected, Utf8Boundary.LeadingContinuationCount(bytes, 0, bytes.Length));
    }

    [Theory]
    [InlineData(0x41, 1)]
    [InlineData(0xC3, 2)]
    [InlineData(0xE2, 3)]
    [InlineData(0xF0, 4)]
    [InlineData(0x80, 0)]
    [InlineData(0xF8, 0)]
    public void SequenceLength_is_read_from_the_lead_byte(int lead, int expected)
    {
        Assert.Equal(expected, Utf8Boundary.SequenceLength((byte)lead));
    }
}
