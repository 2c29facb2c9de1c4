using Stockbeat.Core.Checks;

namespace Stockbeat.Core.Tests;

public sealed class FlipTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // Going down always alerts.
    [InlineData(CheckStatus.New, CheckStatus.Down, FlipReason.Failed, true)]
    [InlineData(CheckStatus.Up, CheckStatus.Down, FlipReason.Failed, true)]
    [InlineData(CheckStatus.Up, CheckStatus.Down, FlipReason.Missed, true)]
    [InlineData(CheckStatus.Up, CheckStatus.Down, FlipReason.Timeout, true)]
    [InlineData(CheckStatus.Paused, CheckStatus.Down, FlipReason.Failed, true)]
    [InlineData(CheckStatus.Paused, CheckStatus.Down, FlipReason.Timeout, true)]
    // Coming back up alerts only when it was down.
    [InlineData(CheckStatus.Down, CheckStatus.Up, FlipReason.Success, true)]
    [InlineData(CheckStatus.New, CheckStatus.Up, FlipReason.Success, false)]
    [InlineData(CheckStatus.Paused, CheckStatus.Up, FlipReason.Success, false)]
    // Pausing and resuming never alert.
    [InlineData(CheckStatus.New, CheckStatus.Paused, FlipReason.Paused, false)]
    [InlineData(CheckStatus.Up, CheckStatus.Paused, FlipReason.Paused, false)]
    [InlineData(CheckStatus.Down, CheckStatus.Paused, FlipReason.Paused, false)]
    [InlineData(CheckStatus.Paused, CheckStatus.New, FlipReason.Resumed, false)]
    public void IsAlert_ReturnsExpected_ForTransition(CheckStatus from, CheckStatus to, FlipReason reason, bool expected)
    {
        var flip = new Flip(from, to, At, reason);

        Assert.Equal(expected, flip.IsAlert);
    }

    [Theory]
    [InlineData(CheckStatus.Up, CheckStatus.Down, true)]
    [InlineData(CheckStatus.Down, CheckStatus.Up, true)]
    [InlineData(CheckStatus.Down, CheckStatus.Paused, true)]
    [InlineData(CheckStatus.New, CheckStatus.Up, false)]
    [InlineData(CheckStatus.Up, CheckStatus.Paused, false)]
    [InlineData(CheckStatus.Paused, CheckStatus.New, false)]
    public void TouchesIncident_OnlyWhenEnteringOrLeavingDown(CheckStatus from, CheckStatus to, bool expected) =>
        Assert.Equal(expected, new Flip(from, to, At, FlipReason.Success).TouchesIncident);
}
