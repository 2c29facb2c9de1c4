using Stockbeat.Core.Platforms;

namespace Stockbeat.Core.Tests.Platforms;

public sealed class CapacityPlannerTests
{
    [Fact]
    public void Plan_ReportsBudgetOverrun_WhenEbayScheduleNeedsMoreCallsThanADay()
    {
        var plan = CapacityPlanner.Plan(PlatformProfile.Find("ebay")!, 5200, TimeSpan.FromSeconds(2880));

        Assert.Equal(208, plan.CallsPerRun);
        Assert.Equal(6240, plan.CallsPerDay, precision: 6);
        Assert.Equal(5000, plan.BudgetPerDay);
        Assert.False(plan.Fits);
        Assert.Equal("eBay Inventory API budget: this schedule needs 6 240 calls/day of 5 000.", plan.Message);
    }

    [Theory]
    // platform,          skus,   every s, calls/run, fits, minimum duration s
    [InlineData("shopify-rest", 12_000, 900, 12_000, false, 17_998.5)]
    [InlineData("shopify-rest", 400, 900, 400, true, 598.5)]
    [InlineData("shopify-graphql", 12_000, 900, 48, true, 28.2)]
    [InlineData("amazon-feeds", 250_000, 1800, 3, true, 1380)]
    [InlineData("amazon-feeds", 50_000, 600, 1, false, 900)]
    [InlineData("ebay", 5200, 86_400, 208, true, 3576.96)]
    [InlineData("woocommerce", 30_000, 300, 300, true, 0)]
    [InlineData("ebay", 0, 900, 0, true, 0)]
    public void Plan_ComputesCallsAndFit_ForEachBuiltInPlatform(
        string platform, long skus, int everySeconds, long callsPerRun, bool fits, double minSeconds)
    {
        var plan = CapacityPlanner.Plan(PlatformProfile.Find(platform)!, skus, TimeSpan.FromSeconds(everySeconds));

        Assert.Equal(callsPerRun, plan.CallsPerRun);
        Assert.Equal(fits, plan.Fits);
        Assert.Equal(minSeconds, plan.MinDuration.TotalSeconds, precision: 2);
    }

    [Fact]
    public void Plan_ReportsSyncLongerThanInterval_WhenFeedProcessingOutlastsSchedule()
    {
        var plan = CapacityPlanner.Plan(PlatformProfile.Find("amazon-feeds")!, 50_000, TimeSpan.FromMinutes(10));

        Assert.False(plan.Fits);
        Assert.Equal(
            "Amazon Selling Partner feeds: a full sync of 50 000 SKUs takes at least 15 min, longer than the 10 min interval.",
            plan.Message);
    }

    [Fact]
    public void Plan_UsesGivenLimits_WhenPlatformIsCustom()
    {
        var plan = CapacityPlanner.Plan(PlatformProfile.Custom(callsPerMinute: 60, itemsPerCall: 50), 9000, TimeSpan.FromMinutes(5));

        Assert.Equal(180, plan.CallsPerRun);
        Assert.Equal(179, plan.MinDuration.TotalSeconds, precision: 6);
        Assert.True(plan.Fits);
    }

    [Fact]
    public void Plan_Throws_WhenIntervalIsNotPositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacityPlanner.Plan(PlatformProfile.Find("ebay")!, 10, TimeSpan.Zero));
}
