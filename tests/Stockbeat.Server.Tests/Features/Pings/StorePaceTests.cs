using Stockbeat.Server.Features.Pings;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>The database's storing rate and the admissions the journal may make at it.</summary>
public sealed class StorePaceTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Allow_AdmitsEverything_BeforeABatchHasBeenStored()
    {
        var pace = new StorePace();

        Assert.Equal((512, TimeSpan.Zero), pace.Allow(Ms(0), 512));
        Assert.Equal(0, pace.PerSecond);
    }

    [Fact]
    public void Stored_FollowsTheRateOfRecentBatches()
    {
        var pace = new StorePace();
        pace.Stored(8000, TimeSpan.FromSeconds(1));
        Assert.Equal(8000, pace.PerSecond, precision: 6);

        pace.Stored(4000, TimeSpan.FromSeconds(1));
        // The newest batch weighs 0.3: 0.7 * 8000 + 0.3 * 4000.
        Assert.Equal(6800, pace.PerSecond, precision: 6);

        pace.Stored(0, TimeSpan.FromSeconds(1));
        pace.Stored(100, TimeSpan.Zero);
        Assert.Equal(6800, pace.PerSecond, precision: 6);
    }

    [Fact]
    public void Allow_AdmitsAtTheStoredRate_ASliceAtATime()
    {
        var pace = new StorePace();
        pace.Stored(10_000, TimeSpan.FromSeconds(1));

        // Pacing starts empty: the first call only starts the clock and says when one ping may go.
        var (first, wait) = pace.Allow(Ms(100), 512);
        Assert.Equal(0, first);
        Assert.Equal(Ms(0.1), wait);

        // 10 000 a second is 10 a millisecond.
        Assert.Equal(10, pace.Allow(Ms(101), 512).Admit);
        Assert.Equal(5, pace.Allow(Ms(101.5), 512).Admit);

        // An idle spell saves at most two milliseconds' worth, so no batch-sized burst follows it.
        Assert.Equal(20, pace.Allow(Ms(500), 512).Admit);

        // Never more than asked for; the rest stays saved.
        Assert.Equal(3, pace.Allow(Ms(502), 3).Admit);
        Assert.Equal(17, pace.Allow(Ms(502), 512).Admit);
    }

    [Fact]
    public void Pause_ForgetsWhatWasSaved()
    {
        var pace = new StorePace();
        pace.Stored(10_000, TimeSpan.FromSeconds(1));
        pace.Allow(Ms(0), 512);
        Assert.Equal(20, pace.Allow(Ms(10), 512).Admit);

        pace.Pause();

        Assert.Equal(0, pace.Allow(Ms(1000), 512).Admit);
        Assert.Equal(10, pace.Allow(Ms(1001), 512).Admit);
    }

    [Fact]
    public void Allow_AdmitsOneAtATime_WhenTheRateIsBelowOnePerSlice()
    {
        var pace = new StorePace();
        pace.Stored(100, TimeSpan.FromSeconds(1));
        pace.Allow(Ms(0), 512);

        // One ping per 10 ms: a slice of 2 ms would save a fifth of one, so the bucket holds one.
        Assert.Equal((0, Ms(5)), pace.Allow(Ms(5), 512));
        Assert.Equal(1, pace.Allow(Ms(10), 512).Admit);
        Assert.Equal(1, pace.Allow(Ms(100), 512).Admit);
    }

    [Fact]
    public void PacedFrom_IsHalfTheCapacity_UntilTheRateMakesThatLongerThanFourSeconds()
    {
        var pace = new StorePace();
        Assert.Equal(60_000, pace.PacedFrom(60_000));

        pace.Stored(20_000, TimeSpan.FromSeconds(1));
        Assert.Equal(60_000, pace.PacedFrom(60_000));

        var slow = new StorePace();
        slow.Stored(6_000, TimeSpan.FromSeconds(1));
        Assert.Equal(24_000, slow.PacedFrom(60_000));
        Assert.Equal(5_000, slow.PacedFrom(5_000));
    }

    [Fact]
    public void PacedFrom_NeverFallsBelowTenThousand_SoThatSmallBatchesCanGrow()
    {
        var pace = new StorePace();
        pace.Stored(1, TimeSpan.FromMilliseconds(2));

        Assert.Equal(10_000, pace.PacedFrom(60_000));
    }
}
