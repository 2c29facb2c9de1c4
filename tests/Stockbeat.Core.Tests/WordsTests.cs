namespace Stockbeat.Core.Tests;

public sealed class WordsTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(1.5, "1.5 s")]
    [InlineData(40, "40 s")]
    [InlineData(59.6, "60 s")]
    [InlineData(60, "1 min")]
    [InlineData(540, "9 min")]
    [InlineData(545, "9 min 5 s")]
    [InlineData(3600, "1 h")]
    [InlineData(3900, "1 h 5 min")]
    [InlineData(86400, "24 h")]
    [InlineData(3 * 86400 + 7200, "3 d 2 h")]
    [InlineData(-90, "-1 min 30 s")]
    public void Duration_UsesTwoLargestUnits(double seconds, string expected)
    {
        Assert.Equal(expected, Words.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(999, "999")]
    [InlineData(6240, "6 240")]
    [InlineData(1234567.2, "1 234 568")]
    public void Number_RoundsUpWithSpaceBetweenThousands(double value, string expected)
    {
        Assert.Equal(expected, Words.Number(value));
    }

    [Theory]
    [InlineData(547, "9 min")]
    [InlineData(2980, "50 min")]
    [InlineData(3929, "1 h 5 min")]
    [InlineData(95.4, "1 min 35 s")]
    [InlineData(40.4, "40 s")]
    public void ApproxDuration_RoundsToMinutesFromTwoMinutes(double seconds, string expected)
    {
        Assert.Equal(expected, Words.ApproxDuration(TimeSpan.FromSeconds(seconds)));
    }
}
