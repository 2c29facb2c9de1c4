namespace Stockbeat.Tests;

public sealed class HumanDurationTests
{
    [Theory]
    // Plain seconds
    [InlineData("0", 0)]
    [InlineData("900", 900)]
    // One unit
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    // Combinations and spaces around
    [InlineData("1h30m", 5400)]
    [InlineData("1d2h3m4s", 93784)]
    [InlineData(" 15m ", 900)]
    public void TryParse_ReturnsSeconds_WhenTextIsADuration(string text, long expected)
    {
        Assert.True(HumanDuration.TryParse(text, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15x")]
    [InlineData("m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("15 m")]
    [InlineData("99999999999999999999d")]
    public void TryParse_Fails_WhenTextIsNotADuration(string text)
    {
        Assert.False(HumanDuration.TryParse(text, out _, out var error));
        Assert.Contains("is not a duration such as 90s, 15m", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(90, "1m30s")]
    [InlineData(900, "15m")]
    [InlineData(5400, "1h30m")]
    [InlineData(86400, "1d")]
    public void Format_WritesLargestExactUnits(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(seconds));
        Assert.True(HumanDuration.TryParse(expected, out var back));
        Assert.Equal(seconds, back);
    }
}
