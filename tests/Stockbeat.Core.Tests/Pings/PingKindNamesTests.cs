using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Tests;

public sealed class PingKindNamesTests
{
    [Theory]
    [InlineData(PingKind.Success, "success")]
    [InlineData(PingKind.Start, "start")]
    [InlineData(PingKind.Fail, "fail")]
    [InlineData(PingKind.Log, "log")]
    [InlineData(PingKind.Ignored, "ign")]
    public void ToWire_ReturnsHealthchecksName(PingKind kind, string wire)
    {
        Assert.Equal(wire, kind.ToWire());
    }

    [Fact]
    public void Parse_RoundTripsEveryKind()
    {
        foreach (var kind in Enum.GetValues<PingKind>())
        {
            Assert.Equal(kind, PingKindNames.Parse(kind.ToWire()));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("ignored")]
    [InlineData("Success")]
    [InlineData("FAIL")]
    [InlineData("start ")]
    [InlineData("0")]
    public void Parse_ThrowsFormatException_WhenNameIsUnknown(string wire)
    {
        Assert.Throws<FormatException>(() => PingKindNames.Parse(wire));
    }

    [Fact]
    public void ToWire_ThrowsArgumentOutOfRange_WhenValueIsUndefined()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PingKind)99).ToWire());
    }

    [Theory]
    [InlineData(PingKind.Success, true)]
    [InlineData(PingKind.Fail, true)]
    [InlineData(PingKind.Start, false)]
    [InlineData(PingKind.Log, false)]
    [InlineData(PingKind.Ignored, false)]
    public void IsFinish_ReturnsTrue_OnlyForSuccessAndFail(PingKind kind, bool expected)
    {
        Assert.Equal(expected, kind.IsFinish());
    }
}
