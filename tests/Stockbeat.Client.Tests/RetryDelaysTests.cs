namespace Stockbeat.Client.Tests;

/// <summary>The wait between attempts: exponential backoff with jitter, a server's Retry-After, and the cap.</summary>
public sealed class RetryDelaysTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    // Without jitter's random half: 1 s, 2 s, 4 s, … up to the cap.
    [InlineData(1, 0.999999, 1.0)]
    [InlineData(2, 0.999999, 2.0)]
    [InlineData(4, 0.999999, 8.0)]
    [InlineData(5, 0.999999, 16.0)]
    [InlineData(6, 0.999999, 30.0)]
    [InlineData(60, 0.999999, 30.0)]
    // The fixed half is always waited.
    [InlineData(1, 0.0, 0.5)]
    [InlineData(3, 0.0, 2.0)]
    [InlineData(9, 0.0, 15.0)]
    [InlineData(3, 0.5, 3.0)]
    public void After_DoublesWithJitterUpToCap_WhenServerGaveNoRetryAfter(int attempt, double jitter, double seconds)
    {
        var delay = RetryDelays.After(attempt, retryAfter: null, Initial, Max, jitter);

        Assert.Equal(seconds, delay.TotalSeconds, precision: 3);
    }

    [Theory]
    [InlineData(5.0, 5.0)]
    [InlineData(3600.0, 30.0)]
    [InlineData(-10.0, 0.0)]
    public void After_UsesRetryAfterWithinCap_WhenServerGaveOne(double retryAfter, double seconds)
    {
        var delay = RetryDelays.After(1, TimeSpan.FromSeconds(retryAfter), Initial, Max, jitter: 0.3);

        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }
}
