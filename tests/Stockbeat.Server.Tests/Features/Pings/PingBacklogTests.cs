using Stockbeat.Server.Features.Pings;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>The count of pings handed on and not stored yet, and the waits on it.</summary>
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
        backlog.Add(3);
        var caughtUp = backlog.CatchUpAsync(Ct);
        backlog.Add(5);

        backlog.Stored(2);
        Assert.False(caughtUp.IsCompleted);
        backlog.Stored(1);

        await caughtUp;
        Assert.Equal(5, backlog.Count);
        Assert.False(backlog.CatchUpAsync(Ct).IsCompleted);
    }

    [Fact]
    public async Task Room_WaitsUntilFewerThanTheLimitAreLeft()
    {
        var backlog = new PingBacklog();
        backlog.Add(4);
        Assert.True(backlog.RoomAsync(5).IsCompletedSuccessfully);

        var room = backlog.RoomAsync(2);
        backlog.Stored(2);
        Assert.False(room.IsCompleted);
        backlog.Stored(1);

        await room;
        Assert.Equal(1, backlog.Count);
    }

    [Fact]
    public async Task CatchUp_EndsWithTheCaller_WhenCancelled()
    {
        var backlog = new PingBacklog();
        backlog.Add(1);
        using var cancel = new CancellationTokenSource();
        var caughtUp = backlog.CatchUpAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caughtUp);
        backlog.Stored(1);
        Assert.True(backlog.CatchUpAsync(Ct).IsCompletedSuccessfully);
    }
}
