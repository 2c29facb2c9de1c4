using Microsoft.Extensions.Logging.Abstractions;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Workers;

public sealed class AnalysisPassTests
{
    // Under sustained load the monitors a pass analysed are due again by the next; a pass that began at the lowest ids
    // each time never reached the others once more were due than one pass takes.
    [Fact]
    public async Task RunOnceAsync_GoesOnWhereTheLastPassStopped_WhenTheMonitorsItAnalysedAreDueAgain()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            uuids.Add(await host.CreateCheckUuidAsync(new { name = $"Feed {i}", timeout = 900 }));
            await host.PingAsync($"ping/{uuids[i]}");
        }

        var pass = new AnalysisPass(
            host.Store, host.Get<InsightNotifier>(), host.Get<PingBacklog>(), host.Time, NullLogger<AnalysisPass>.Instance,
            batchSize: 2, maxBatches: 1);

        await pass.RunOnceAsync(Ct);
        await PingAgainAsync(host, uuids[0], uuids[1]);
        await pass.RunOnceAsync(Ct);
        var afterSecond = await StillDueAsync(host);
        await pass.RunOnceAsync(Ct);
        var afterThird = await StillDueAsync(host);

        Assert.Equal([uuids[0], uuids[1], uuids[4]], afterSecond);
        Assert.Equal([uuids[0], uuids[1]], afterThird);
    }

    private static async Task PingAgainAsync(StockbeatHost host, params string[] uuids)
    {
        foreach (var uuid in uuids)
        {
            await host.PingAsync($"ping/{uuid}");
        }
    }

    private static async Task<List<string>> StillDueAsync(StockbeatHost host) =>
        [.. (await host.Store.FindChecksToAnalyzeAsync(0, 100, Ct)).Select(d => d.Check.Uuid.ToString())];
}
