using Stockbeat.Core.Pings;
using Stockbeat.Server.Features.Pings;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>The count of pings handed on and not stored yet, the monitors they are for, and the waits on it.</summary>
public sealed class PingBacklogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void CatchUp_IsDone_WhenNothingWaits()
    {
        var backlog = new PingBacklog();

        Assert.True(backlog.CatchUpAsync(Ct).IsCompletedSuccessfully);
        Assert.Equal(0, backlog.Count);
    }

    [Fact]
    public async Task CatchUp_WaitsForThePingsAddedBeforeIt_NotForLaterOnes()
    {
        var backlog = new PingBacklog();
        backlog.Add(Pings(3));
        var caughtUp = backlog.CatchUpAsync(Ct);
        backlog.Add(Pings(5));

        backlog.Stored(Pings(2));
        Assert.False(caughtUp.IsCompleted);
        backlog.Stored(Pings(1));

        await caughtUp;
        Assert.Equal(5, backlog.Count);
        Assert.False(backlog.CatchUpAsync(Ct).IsCompleted);
    }

    [Fact]
    public async Task Room_WaitsUntilFewerThanTheLimitAreLeft()
    {
        var backlog = new PingBacklog();
        backlog.Add(Pings(4));
        Assert.True(backlog.RoomAsync(5).IsCompletedSuccessfully);

        var room = backlog.RoomAsync(2);
        backlog.Stored(Pings(2));
        Assert.False(room.IsCompleted);
        backlog.Stored(Pings(1));

        await room;
        Assert.Equal(1, backlog.Count);
    }

    [Fact]
    public async Task CatchUp_EndsWithTheCaller_WhenCancelled()
    {
        var backlog = new PingBacklog();
        backlog.Add(Pings(1));
        using var cancel = new CancellationTokenSource();
        var caughtUp = backlog.CatchUpAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caughtUp);
        backlog.Stored(Pings(1));
        Assert.True(backlog.CatchUpAsync(Ct).IsCompletedSuccessfully);
    }

    [Fact]
    public void MayHoldPingFor_NamesTheUuidsWaiting_UntilTheirPingsAreStored()
    {
        var backlog = new PingBacklog();
        var (first, second, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        backlog.Add([new PingTarget.ByUuid(first), new PingTarget.ByUuid(second), new PingTarget.ByUuid(first)]);

        Assert.True(backlog.MayHoldPingFor(first));
        Assert.True(backlog.MayHoldPingFor(second));
        Assert.False(backlog.MayHoldPingFor(other));

        backlog.Stored([new PingTarget.ByUuid(first), new PingTarget.ByUuid(second)]);
        Assert.True(backlog.MayHoldPingFor(first));
        Assert.False(backlog.MayHoldPingFor(second));

        backlog.Stored([new PingTarget.ByUuid(first)]);
        Assert.False(backlog.MayHoldPingFor(first));
        Assert.Equal(0, backlog.Count);
    }

    [Fact]
    public void MayHoldPingFor_IsTrueForEveryMonitor_WhileASlugPingWaits()
    {
        var backlog = new PingBacklog();
        var slug = new PingTarget.BySlug("pingkey", "erp-to-web");
        backlog.Add([slug]);

        Assert.True(backlog.MayHoldPingFor(Guid.NewGuid()));

        backlog.Stored([slug]);
        Assert.False(backlog.MayHoldPingFor(Guid.NewGuid()));
    }

    private static PingTarget[] Pings(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new PingTarget.ByUuid(Guid.NewGuid()))];
}
