using Stockbeat.Core.Checks;

namespace Stockbeat.Core.Tests;

public sealed class FlipReasonNamesTests
{
    [Theory]
    [InlineData(FlipReason.Success, "success")]
    [InlineData(FlipReason.Missed, "missed")]
    [InlineData(FlipReason.Failed, "failed")]
    [InlineData(FlipReason.Timeout, "timeout")]
    [InlineData(FlipReason.Paused, "paused")]
    [InlineData(FlipReason.Resumed, "resumed")]
    public void ToWire_ReturnsLowerCaseName(FlipReason reason, string wire)
    {
        Assert.Equal(wire, reason.ToWire());
    }

    [Fact]
    public void Parse_RoundTripsEveryReason()
    {
        foreach (var reason in Enum.GetValues<FlipReason>())
        {
            Assert.Equal(reason, FlipReasonNames.Parse(reason.ToWire()));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("unknown")]
    [InlineData("down")]
    // Wire names are exact: no other casing, no padding, no flag lists.
    [InlineData("Success")]
    [InlineData("SUCCESS")]
    [InlineData(" success")]
    [InlineData("success ")]
    [InlineData("success,missed")]
    // Numbers are not names, even those that Enum.TryParse maps to a value.
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("6")]
    [InlineData("99")]
    [InlineData("-1")]
    public void Parse_ThrowsFormatException_WhenNameIsUnknown(string wire)
    {
        Assert.Throws<FormatException>(() => FlipReasonNames.Parse(wire));
    }
}
