using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Tests;

public sealed partial class CheckRulesTests
{
    // ---- Pause ----

    [Theory]
    [InlineData(CheckStatus.New)]
    [InlineData(CheckStatus.Up)]
    [InlineData(CheckStatus.Down)]
    public void Pause_ClearsOpenRunAndDeadline_AndFlipsToPaused(CheckStatus status)
    {
        var check = Stored(Monitor(status) with { LastStart = T0.AddMinutes(-10), LastStartRid = RunA });

        var (paused, flip) = CheckRules.Pause(check, T0);

        Assert.Equal(CheckStatus.Paused, paused.Status);
        Assert.Null(paused.LastStart);
        Assert.Null(paused.LastStartRid);
        Assert.Null(paused.Deadline);
        Assert.Equal(check.LastPing, paused.LastPing);
        Assert.Equal(new Flip(status, CheckStatus.Paused, T0, FlipReason.Paused), flip);
        Assert.False(flip?.IsAlert);
    }

    [Fact]
    public void Pause_KeepsConfigurationAndHistory()
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastDuration = TimeSpan.FromMinutes(3), ManualResume = true });

        var (paused, _) = CheckRules.Pause(check, T0);

        Assert.Equal(check with { Status = CheckStatus.Paused, Deadline = null }, paused);
    }

    [Fact]
    public void Pause_GivesNoSecondFlip_WhenAlreadyPaused()
    {
        var (once, first) = CheckRules.Pause(Monitor(CheckStatus.Up), T0);

        var (twice, second) = CheckRules.Pause(once, T0.AddMinutes(1));

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Pause_ClearsRunStartedWhilePaused_WhenPausedAgain()
    {
        // A start ping on a paused monitor (without manual resume) opens a run that would time it out.
        var paused = CheckRules.Pause(Monitor(CheckStatus.Up), T0).Check;
        var started = CheckRules.ApplyPing(paused, PingKind.Start, "GET", null, null, T0.AddMinutes(1)).Check;

        var (again, flip) = CheckRules.Pause(started, T0.AddMinutes(2));

        Assert.Null(flip);
        Assert.Null(again.LastStart);
        Assert.Null(again.Deadline);
        Assert.Equal(ComputedStatus.Paused, CheckRules.StatusAt(again, T0.AddDays(2)));
    }

    [Fact]
    public void Pause_SilencesTheMonitor_HoweverLongItStaysPaused()
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastStart = T0 });

        var (paused, _) = CheckRules.Pause(check, T0.AddMinutes(1));

        Assert.Equal(ComputedStatus.Paused, CheckRules.StatusAt(paused, T0.AddDays(30)));
        Assert.Null(CheckRules.Overdue(paused, T0.AddDays(30)));
    }

    // ---- Resume ----

    [Theory]
    [InlineData(CheckStatus.New)]
    [InlineData(CheckStatus.Up)]
    [InlineData(CheckStatus.Down)]
    public void Resume_ReturnsNull_WhenMonitorIsNotPaused(CheckStatus status)
    {
        Assert.Null(CheckRules.Resume(Monitor(status), T0));
    }

    [Fact]
    public void Resume_ReturnsNewMonitorWithoutLastPing_WhenPaused()
    {
        var paused = Stored(Monitor(CheckStatus.Paused) with { LastStart = T0.AddMinutes(-5), LastStartRid = RunA });

        var resumed = CheckRules.Resume(paused, T0);

        Assert.NotNull(resumed);
        var (check, flip) = resumed.Value;
        Assert.Equal(CheckStatus.New, check.Status);
        Assert.Null(check.LastPing);
        Assert.Null(check.LastStart);
        Assert.Null(check.LastStartRid);
        Assert.Null(check.Deadline);
        Assert.Equal(paused.PingCount, check.PingCount);
        Assert.Equal(new Flip(CheckStatus.Paused, CheckStatus.New, T0, FlipReason.Resumed), flip);
        Assert.False(flip.IsAlert);
    }

    [Fact]
    public void Resume_LeavesMonitorNewUntilNextPing()
    {
        var resumed = CheckRules.Resume(Monitor(CheckStatus.Paused), T0)!.Value.Check;

        var statusLater = CheckRules.StatusAt(resumed, T0.AddDays(30));
        var overdueLater = CheckRules.Overdue(resumed, T0.AddDays(30));
        var firstPing = CheckRules.ApplyPing(resumed, PingKind.Success, "GET", null, null, T0.AddDays(30));

        Assert.Equal(ComputedStatus.New, statusLater);
        Assert.Null(overdueLater);
        Assert.Equal(new Flip(CheckStatus.New, CheckStatus.Up, T0.AddDays(30), FlipReason.Success), firstPing.Flip);
    }
}
