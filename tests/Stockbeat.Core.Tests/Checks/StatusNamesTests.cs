using Stockbeat.Core.Checks;

namespace Stockbeat.Core.Tests;

public sealed class StatusNamesTests
{
    [Theory]
    [InlineData(CheckStatus.New, "new")]
    [InlineData(CheckStatus.Up, "up")]
    [InlineData(CheckStatus.Down, "down")]
    [InlineData(CheckStatus.Paused, "paused")]
    public void ToWire_ReturnsHealthchecksName_ForStoredStatus(CheckStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
    }

    [Theory]
    [InlineData(ComputedStatus.New, "new")]
    [InlineData(ComputedStatus.Up, "up")]
    [InlineData(ComputedStatus.Grace, "grace")]
    [InlineData(ComputedStatus.Down, "down")]
    [InlineData(ComputedStatus.Paused, "paused")]
    public void ToWire_ReturnsHealthchecksName_ForComputedStatus(ComputedStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
    }

    [Fact]
    public void ParseStored_RoundTripsEveryStoredStatus()
    {
        foreach (var status in Enum.GetValues<CheckStatus>())
        {
            Assert.Equal(status, StatusNames.ParseStored(status.ToWire()));
        }
    }

    [Fact]
    public void ToWire_AgreesBetweenStoredAndComputed_ForSharedStatuses()
    {
        foreach (var status in Enum.GetValues<CheckStatus>())
        {
            var computed = Enum.Parse<ComputedStatus>(status.ToString());

            Assert.Equal(status.ToWire(), computed.ToWire());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("Up")]
    [InlineData("UP")]
    [InlineData(" up")]
    [InlineData("0")]
    // Grace and started are computed, never stored.
    [InlineData("grace")]
    [InlineData("started")]
    public void ParseStored_ThrowsFormatException_WhenNameIsNotAStoredStatus(string wire)
    {
        Assert.Throws<FormatException>(() => StatusNames.ParseStored(wire));
    }

    [Fact]
    public void ToWire_ThrowsArgumentOutOfRange_WhenValueIsUndefined()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((CheckStatus)99).ToWire());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ComputedStatus)99).ToWire());
    }
}
