using Microsoft.Extensions.Logging.Abstractions;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Workers;

public sealed class DeadlineSweeperTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task RunOnceAsync_FlipsOnce_WhenRunTwiceAfterDeadline(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "erp-to-web", timeout = 900, grace = 300 }));
        await host.PingAsync($"ping/{uuid}");
        var sweeper = host.Get<DeadlineSweeper>();

        host.Time.Advance(TimeSpan.FromSeconds(1199));
        var early = await sweeper.RunOnceAsync(Ct);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var first = await sweeper.RunOnceAsync(Ct);
        var second = await sweeper.RunOnceAsync(Ct);

        Assert.Equal(0, early);
        Assert.Equal(1, first);
        Assert.Equal(0, second);
        var check = (await host.Store.GetCheckAsync(uuid, Ct))!;
        Assert.Equal(CheckStatus.Down, check.Status);
        Assert.Null(check.Deadline);
        var flips = await host.Store.ListFlipsAsync(check.Id, StockbeatHost.Epoch, host.Time.GetUtcNow(), Ct);
        var down = Assert.Single(flips, f => f.Flip.To == CheckStatus.Down);
        Assert.Equal(FlipReason.Missed, down.Flip.Reason);
        Assert.Equal(StockbeatHost.Epoch.AddSeconds(1200), down.Flip.At);
        var incident = Assert.Single(await host.Store.ListIncidentsAsync(check.Id, Ct));
        Assert.Equal("open", incident.State);
        Assert.Equal(FlipReason.Missed, incident.Reason);
    }

    [Fact]
    public async Task RunOnceAsync_RecordsTimeout_WhenStartedRunExceedsMaxRuntime()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "supplier-to-erp", timeout = 3600, grace = 600, max_runtime = 1800 }));
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.PingAsync($"ping/{uuid}/start");

        host.Time.Advance(TimeSpan.FromSeconds(1800));
        var flipped = await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);

        Assert.Equal(1, flipped);
        var check = (await host.Store.GetCheckAsync(uuid, Ct))!;
        var flip = (await host.Store.ListFlipsAsync(check.Id, StockbeatHost.Epoch, host.Time.GetUtcNow(), Ct))[^1].Flip;
        Assert.Equal(FlipReason.Timeout, flip.Reason);
        Assert.Equal(StockbeatHost.Epoch.AddMinutes(35), flip.At);
    }

    [Fact]
    public async Task RunOnceAsync_FlipsNothing_WhenPingArrivesBeforeDeadline()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await PingedMonitorAsync(host, "pos-to-web");

        host.Time.Advance(TimeSpan.FromSeconds(110));
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromSeconds(110));
        var flipped = await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);

        Assert.Equal(0, flipped);
        Assert.Equal(CheckStatus.Up, (await host.Store.GetCheckAsync(uuid, Ct))!.Status);
    }

    [Fact]
    public async Task RecoveryPing_ResolvesIncident_WhenMonitorComesBack()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await PingedMonitorAsync(host, "erp-to-amazon");
        host.Time.Advance(TimeSpan.FromSeconds(121));
        await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);

        await host.PingAsync($"ping/{uuid}");

        var check = (await host.Store.GetCheckAsync(uuid, Ct))!;
        Assert.Equal(CheckStatus.Up, check.Status);
        var incident = Assert.Single(await host.Store.ListIncidentsAsync(check.Id, Ct));
        Assert.Equal("resolved", incident.State);
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeMilliseconds(), incident.Resolved!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task RunOnceAsync_FlipsEveryDueMonitor_WhenMoreThanOneBatchIsDue()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuids = new List<Guid>();
        for (var i = 0; i < 520; i++)
        {
            var check = await host.Store.CreateCheckAsync(CheckRules.WithDeadline(new Check
            {
                Uuid = Guid.NewGuid(),
                ProjectId = host.ProjectId,
                Name = $"sync-{i}",
                Status = CheckStatus.Up,
                LastPing = StockbeatHost.Epoch,
                Created = StockbeatHost.Epoch,
            }), Ct);
            uuids.Add(check.Uuid);
        }

        host.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        var flipped = await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);

        Assert.Equal(520, flipped);
        Assert.Empty(await host.Store.FindDueChecksAsync(host.Time.GetUtcNow(), 10, Ct));
    }

    [Fact]
    public async Task NextWaitAsync_WaitsUntilJustAfterTheDeadline_WhenItIsNearerThanTheInterval()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await PingedMonitorAsync(host, "erp-to-web");
        host.Time.Advance(TimeSpan.FromSeconds(119.5));

        var wait = await host.Get<DeadlineSweeper>().NextWaitAsync(TimeSpan.FromHours(1), Ct);

        Assert.Equal(TimeSpan.FromMilliseconds(501), wait);
    }

    [Fact]
    public async Task NextWaitAsync_ReturnsTheInterval_WhenTheDeadlineIsFartherOrThereIsNone()
    {
        await using var host = await StockbeatHost.StartAsync();
        var sweeper = host.Get<DeadlineSweeper>();
        var none = await sweeper.NextWaitAsync(TimeSpan.FromSeconds(1), Ct);
        var uuid = await PingedMonitorAsync(host, "erp-to-web");

        var far = await sweeper.NextWaitAsync(TimeSpan.FromSeconds(1), Ct);

        Assert.Equal(TimeSpan.FromSeconds(1), none);
        Assert.Equal(TimeSpan.FromSeconds(1), far);
    }

    [Fact]
    public async Task NextWaitAsync_PausesBriefly_WhenAMonitorIsStillDue()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await PingedMonitorAsync(host, "erp-to-web");
        host.Time.Advance(TimeSpan.FromMinutes(5));

        var wait = await host.Get<DeadlineSweeper>().NextWaitAsync(TimeSpan.FromSeconds(1), Ct);

        Assert.Equal(TimeSpan.FromMilliseconds(10), wait);
    }

    [Fact]
    public async Task DeadlineSweepWorker_FlipsMonitorRightAfterItsDeadline_WhenTheIntervalIsLonger()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await PingedMonitorAsync(host, "erp-to-web");
        var deadline = StockbeatHost.Epoch.AddSeconds(120);
        using var worker = new DeadlineSweepWorker(
            host.Get<DeadlineSweeper>(), TimeSpan.FromHours(1), host.Time, NullLogger<DeadlineSweepWorker>.Instance);
        await worker.StartAsync(Ct);

        // The worker's wait starts from whatever fake time it reads, so time moves in small steps from just before the
        // deadline; the real-time bound only limits how long the background pass may take to show.
        host.Time.Advance(TimeSpan.FromSeconds(119));
        var check = (await host.Store.GetCheckAsync(uuid, Ct))!;
        var realTime = System.Diagnostics.Stopwatch.StartNew();
        while (check.Status != CheckStatus.Down && host.Time.GetUtcNow() < deadline.AddSeconds(10) && realTime.Elapsed < TimeSpan.FromSeconds(30))
        {
            host.Time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(5, Ct);
            check = (await host.Store.GetCheckAsync(uuid, Ct))!;
        }

        var seenAt = host.Time.GetUtcNow();
        await worker.StopAsync(Ct);

        Assert.Equal(CheckStatus.Down, check.Status);
        Assert.InRange(seenAt, deadline, deadline.AddSeconds(1));
    }

    // Pings to other monitors waiting for the database (as under a burst) must not hold back a flip. Before, every
    // pass waited for the whole backlog, which this one never stores.
    [Fact]
    public async Task RunOnceAsync_FlipsDueMonitor_WhilePingsToOtherMonitorsWaitToBeStored()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await PingedMonitorAsync(host, "erp-to-web");
        var backlog = host.Get<PingBacklog>();
        PingTarget[] elsewhere = [new PingTarget.ByUuid(Guid.NewGuid())];
        backlog.Add(elsewhere);
        host.Time.Advance(TimeSpan.FromSeconds(121));

        var flipped = await host.Get<DeadlineSweeper>().RunOnceAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        backlog.Stored(elsewhere);

        Assert.Equal(1, flipped);
        Assert.Equal(CheckStatus.Down, (await host.Store.GetCheckAsync(uuid, Ct))!.Status);
    }

    // A ping to the due monitor was acknowledged but is not in the database yet: the pass waits for it, then finds the
    // monitor no longer due. SQLite's calls complete synchronously, so a pass that did not wait would be done (and
    // the monitor down) when RunOnceAsync returns.
    [Fact]
    public async Task RunOnceAsync_WaitsForAcknowledgedPingToTheDueMonitor_ThenFlipsNothing()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await PingedMonitorAsync(host, "erp-to-web");
        var backlog = host.Get<PingBacklog>();
        PingTarget[] acknowledged = [new PingTarget.ByUuid(uuid)];
        host.Time.Advance(TimeSpan.FromSeconds(119));
        backlog.Add(acknowledged);
        host.Time.Advance(TimeSpan.FromSeconds(2));

        var sweep = host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        Assert.False(sweep.IsCompleted, "the pass did not wait for the ping to its monitor");
        Assert.Equal(CheckStatus.Up, (await host.Store.GetCheckAsync(uuid, Ct))!.Status);
        // The ping the backlog counted reaches the database: storing it lets the pass go on.
        await host.PingAsync($"ping/{uuid}");
        var flipped = await sweep.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        backlog.Stored(acknowledged);

        Assert.Equal(0, flipped);
        var check = (await host.Store.GetCheckAsync(uuid, Ct))!;
        Assert.Equal(CheckStatus.Up, check.Status);
        Assert.Empty(await host.Store.ListIncidentsAsync(check.Id, Ct));
    }

    // A monitor due two minutes after its ping (timeout and grace of a minute each), pinged once at the start.
    private static async Task<Guid> PingedMonitorAsync(StockbeatHost host, string name)
    {
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name, timeout = 60, grace = 60 }));
        await host.PingAsync($"ping/{uuid}");
        return uuid;
    }
}
