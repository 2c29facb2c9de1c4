using Stockbeat.Core.Pings;
using Stockbeat.Server.Features.Pings;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>With several ping writers (PostgreSQL), each monitor's pings go to one of them, so they are stored in order.</summary>
public sealed class PingLaneTests
{
    [Fact]
    public void LaneOf_GivesEveryPingToAMonitorTheSameWriter()
    {
        var uuid = Guid.NewGuid();
        var byUuid = Enumerable.Range(0, 20).Select(_ => PingIngestor.LaneOf(new PingTarget.ByUuid(uuid), 4)).Distinct();
        var bySlug = Enumerable.Range(0, 20).Select(_ => PingIngestor.LaneOf(new PingTarget.BySlug("pingkey123", "erp-to-shopify"), 4)).Distinct();

        Assert.Single(byUuid);
        Assert.Single(bySlug);
    }

    [Fact]
    public void LaneOf_SpreadsMonitorsOverTheWriters()
    {
        var lanes = Enumerable.Range(0, 4000)
            .Select(_ => PingIngestor.LaneOf(new PingTarget.ByUuid(Guid.NewGuid()), 2))
            .GroupBy(lane => lane)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([0, 1], lanes.Keys.Order());
        Assert.All(lanes.Values, count => Assert.InRange(count, 1600, 2400));
    }
}
