using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Tests;

public sealed class PingRetentionTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(19, 1)]
    [InlineData(20, 2)]
    [InlineData(100, 10)]
    [InlineData(100_000, 10_000)]
    public void Step_IsATenthOfThePingsKept_AtLeastOne(int keep, int step) => Assert.Equal(step, PingRetention.Step(keep));

    [Theory]
    [InlineData(100, null)]
    [InlineData(101, null)]
    [InlineData(109, null)]
    [InlineData(110, 10L)]
    [InlineData(115, null)]
    [InlineData(120, 20L)]
    public void DeleteThrough_DeletesAStepAtATime_OnceMoreThanKeepArrived(long count, long? through) =>
        Assert.Equal(through, PingRetention.DeleteThrough(count, keep: 100));

    [Theory]
    [InlineData(3, null)]
    [InlineData(4, 1L)]
    [InlineData(5, 2L)]
    public void DeleteThrough_DeletesEachOldestPing_WhenFewerThanTwentyAreKept(long count, long? through) =>
        Assert.Equal(through, PingRetention.DeleteThrough(count, keep: 3));

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    [InlineData(110, true)]
    [InlineData(111, false)]
    public void IsKept_HoldsForTheNewestKeepPingsOnly(long n, bool kept) =>
        Assert.Equal(kept, PingRetention.IsKept(n, count: 110, keep: 100));
}
