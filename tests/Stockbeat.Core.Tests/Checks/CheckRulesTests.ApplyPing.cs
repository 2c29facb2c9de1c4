using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Tests;

public sealed partial class CheckRulesTests
{
    private const string RidA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    private const string RidB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

    // ---- start ----

    [Theory]
    [InlineData(CheckStatus.New)]
    [InlineData(CheckStatus.Up)]
    [InlineData(CheckStatus.Down)]
    [InlineData(CheckStatus.Paused)]
    public void ApplyPing_OpensRunAndKeepsStatus_WhenStartArrives(CheckStatus status)
    {
        var check = Monitor(status);

        var outcome = CheckRules.ApplyPing(check, PingKind.Start, "GET", RunA, null, T0);

        Assert.Equal(PingKind.Start, outcome.Kind);
        Assert.Equal(T0, outcome.Check.LastStart);
        Assert.Equal(RunA, outcome.Check.LastStartRid);
        Assert.Equal(status, outcome.Check.Status);
        Assert.Equal(check.LastPing, outcome.Check.LastPing);
        Assert.Equal(check.PingCount + 1, outcome.Check.PingCount);
        Assert.Null(outcome.Duration);
        Assert.Null(outcome.Flip);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(RidB)]
    public void ApplyPing_ReplacesOpenRun_WhenAnotherStartArrives(string? rid)
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastStart = T0.AddMinutes(-10), LastStartRid = RunA });

        var outcome = CheckRules.ApplyPing(check, PingKind.Start, "GET", Rid(rid), null, T0);

        Assert.Equal(T0, outcome.Check.LastStart);
        Assert.Equal(Rid(rid), outcome.Check.LastStartRid);
    }

    // ---- success and fail closing a run ----

    [Theory]
    [InlineData(null)]
    [InlineData(RidA)]
    public void ApplyPing_RecordsDurationAndComesUp_WhenSuccessFinishesTheOpenRun(string? rid)
    {
        var started = CheckRules.ApplyPing(Monitor(), PingKind.Start, "GET", Rid(rid), null, T0).Check;
        var finishedAt = T0.AddMinutes(5);

        var outcome = CheckRules.ApplyPing(started, PingKind.Success, "GET", Rid(rid), null, finishedAt);

        Assert.Equal(PingKind.Success, outcome.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), outcome.Duration);
        Assert.Equal(TimeSpan.FromMinutes(5), outcome.Check.LastDuration);
        Assert.Null(outcome.Check.LastStart);
        Assert.Null(outcome.Check.LastStartRid);
        Assert.Equal(CheckStatus.Up, outcome.Check.Status);
        Assert.Equal(finishedAt, outcome.Check.LastPing);
        Assert.Equal(finishedAt + Period + Grace, outcome.Check.Deadline);
        Assert.Equal(new Flip(CheckStatus.New, CheckStatus.Up, finishedAt, FlipReason.Success), outcome.Flip);
        Assert.False(outcome.Flip?.IsAlert);
    }

    [Fact]
    public void ApplyPing_GoesDownWithAlert_WhenFailArrivesOnUpMonitor()
    {
        var check = Monitor(CheckStatus.Up);

        var outcome = CheckRules.ApplyPing(check, PingKind.Fail, "GET", null, null, T0);

        Assert.Equal(PingKind.Fail, outcome.Kind);
        Assert.Equal(CheckStatus.Down, outcome.Check.Status);
        Assert.Equal(T0, outcome.Check.LastPing);
        Assert.Null(outcome.Check.Deadline);
        Assert.Equal(new Flip(CheckStatus.Up, CheckStatus.Down, T0, FlipReason.Failed), outcome.Flip);
        Assert.True(outcome.Flip?.IsAlert);
    }

    [Fact]
    public void ApplyPing_FlipsNewToDown_WhenFirstPingIsAFail()
    {
        var outcome = CheckRules.ApplyPing(Monitor(), PingKind.Fail, "GET", null, null, T0);

        Assert.Equal(new Flip(CheckStatus.New, CheckStatus.Down, T0, FlipReason.Failed), outcome.Flip);
    }

    [Theory]
    // Open run's id, fail's id, expected duration in minutes (only when the ids match; no id equals no id).
    [InlineData(null, null, 10)]
    [InlineData(RidA, RidA, 10)]
    [InlineData(RidA, null, null)]
    [InlineData(RidA, RidB, null)]
    [InlineData(null, RidB, null)]
    public void ApplyPing_ClosesOpenRun_WhenFailArrivesWithAnyRid(string? openRid, string? failRid, int? durationMinutes)
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastStart = T0.AddMinutes(-10), LastStartRid = Rid(openRid) });

        var outcome = CheckRules.ApplyPing(check, PingKind.Fail, "GET", Rid(failRid), null, T0);

        Assert.Null(outcome.Check.LastStart);
        Assert.Null(outcome.Check.LastStartRid);
        Assert.Equal(CheckStatus.Down, outcome.Check.Status);
        Assert.Equal(durationMinutes is { } m ? TimeSpan.FromMinutes(m) : null, outcome.Duration);
    }

    [Theory]
    // Open run's id, success's id.
    [InlineData(RidA, RidB)]
    [InlineData(null, RidB)]
    public void ApplyPing_LeavesOpenRun_WhenSuccessCarriesAnotherRid(string? openRid, string successRid)
    {
        var openedAt = T0.AddMinutes(-10);
        var check = Stored(Monitor(CheckStatus.Up) with
        {
            LastStart = openedAt,
            LastStartRid = Rid(openRid),
            LastDuration = TimeSpan.FromMinutes(3),
        });

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "GET", Rid(successRid), null, T0);

        Assert.Equal(openedAt, outcome.Check.LastStart);
        Assert.Equal(Rid(openRid), outcome.Check.LastStartRid);
        Assert.Equal(CheckStatus.Up, outcome.Check.Status);
        Assert.Equal(T0, outcome.Check.LastPing);
        Assert.Null(outcome.Duration);
        Assert.Equal(TimeSpan.FromMinutes(3), outcome.Check.LastDuration);
        // The still-open run keeps its own limit: min(next expected + grace, start + max runtime).
        Assert.Equal(openedAt + Grace, outcome.Check.Deadline);
    }

    [Fact]
    public void ApplyPing_ClosesOpenRunWithoutDuration_WhenSuccessHasNoRid()
    {
        var check = Stored(Monitor(CheckStatus.Up) with
        {
            LastStart = T0.AddMinutes(-10),
            LastStartRid = RunA,
            LastDuration = TimeSpan.FromMinutes(3),
        });

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "GET", null, null, T0);

        Assert.Null(outcome.Check.LastStart);
        Assert.Null(outcome.Check.LastStartRid);
        Assert.Null(outcome.Duration);
        Assert.Equal(TimeSpan.FromMinutes(3), outcome.Check.LastDuration);
        Assert.Equal(T0 + Period + Grace, outcome.Check.Deadline);
    }

    [Fact]
    public void ApplyPing_KeepsLastDuration_WhenSuccessHasNoOpenRun()
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastDuration = TimeSpan.FromMinutes(3) });

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "GET", null, null, T0);

        Assert.Null(outcome.Duration);
        Assert.Equal(TimeSpan.FromMinutes(3), outcome.Check.LastDuration);
    }

    // ---- overlapping runs ----

    [Fact]
    public void ApplyPing_TimesEachOverlappingRun_WhenRunStartedAtIsGiven()
    {
        // Run A starts at T0, run B a minute later (B is now the open run); A finishes first.
        var check = Monitor(CheckStatus.Up);
        check = CheckRules.ApplyPing(check, PingKind.Start, "GET", RunA, null, T0).Check;
        check = CheckRules.ApplyPing(check, PingKind.Start, "GET", RunB, null, T0.AddMinutes(1)).Check;

        var finishA = CheckRules.ApplyPing(check, PingKind.Success, "GET", RunA, T0, T0.AddMinutes(10));
        var finishB = CheckRules.ApplyPing(finishA.Check, PingKind.Success, "GET", RunB, T0.AddMinutes(1), T0.AddMinutes(12));

        Assert.Equal(TimeSpan.FromMinutes(10), finishA.Duration);
        Assert.Equal(TimeSpan.FromMinutes(10), finishA.Check.LastDuration);
        Assert.Equal(T0.AddMinutes(1), finishA.Check.LastStart);
        Assert.Equal(RunB, finishA.Check.LastStartRid);
        Assert.Equal(TimeSpan.FromMinutes(11), finishB.Duration);
        Assert.Equal(TimeSpan.FromMinutes(11), finishB.Check.LastDuration);
        Assert.Null(finishB.Check.LastStart);
        Assert.Null(finishB.Check.LastStartRid);
    }

    [Fact]
    public void ApplyPing_PrefersRunStartedAt_OverTheOpenRun()
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastStart = T0.AddMinutes(-5) });

        var outcome = CheckRules.ApplyPing(check, PingKind.Fail, "GET", null, T0.AddMinutes(-20), T0);

        Assert.Equal(TimeSpan.FromMinutes(20), outcome.Duration);
        Assert.Null(outcome.Check.LastStart);
    }

    [Fact]
    public void ApplyPing_RecordsNoDuration_WhenRunStartedAfterTheFinish()
    {
        // Clock skew between the pings must not produce a negative duration.
        var check = Stored(Monitor(CheckStatus.Up) with { LastDuration = TimeSpan.FromMinutes(3) });

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "GET", RunA, T0.AddSeconds(1), T0);

        Assert.Null(outcome.Duration);
        Assert.Equal(TimeSpan.FromMinutes(3), outcome.Check.LastDuration);
    }

    [Fact]
    public void ApplyPing_RecordsZeroDuration_WhenRunFinishesTheMomentItStarted()
    {
        var started = CheckRules.ApplyPing(Monitor(CheckStatus.Up), PingKind.Start, "GET", null, null, T0).Check;

        var outcome = CheckRules.ApplyPing(started, PingKind.Success, "GET", null, null, T0);

        Assert.Equal(TimeSpan.Zero, outcome.Duration);
    }

    // ---- ignored pings ----

    [Theory]
    [InlineData("GET", PingKind.Success)]
    [InlineData("HEAD", PingKind.Success)]
    [InlineData("PUT", PingKind.Fail)]
    [InlineData("GET", PingKind.Start)]
    [InlineData("GET", PingKind.Log)]
    [InlineData("post", PingKind.Success)]
    public void ApplyPing_IgnoresPing_WhenMonitorAcceptsOnlyPostAndMethodIsOther(string method, PingKind kind)
    {
        var check = Stored(Monitor(CheckStatus.Up) with { Methods = "POST", LastStart = T0.AddMinutes(-10), LastStartRid = RunA });

        var outcome = CheckRules.ApplyPing(check, kind, method, RunA, T0.AddMinutes(-10), T0);

        Assert.Equal(PingKind.Ignored, outcome.Kind);
        Assert.Equal(check with { PingCount = check.PingCount + 1 }, outcome.Check);
        Assert.Null(outcome.Duration);
        Assert.Null(outcome.Flip);
    }

    [Fact]
    public void ApplyPing_AppliesPing_WhenMonitorAcceptsOnlyPostAndMethodIsPost()
    {
        var check = Stored(Monitor(CheckStatus.Down) with { Methods = "POST" });

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "POST", null, null, T0);

        Assert.Equal(PingKind.Success, outcome.Kind);
        Assert.Equal(CheckStatus.Up, outcome.Check.Status);
        Assert.Equal(new Flip(CheckStatus.Down, CheckStatus.Up, T0, FlipReason.Success), outcome.Flip);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public void ApplyPing_AcceptsAnyMethod_WhenMonitorHasNoMethodRestriction(string method)
    {
        var outcome = CheckRules.ApplyPing(Monitor(), PingKind.Success, method, null, null, T0);

        Assert.Equal(PingKind.Success, outcome.Kind);
        Assert.Equal(CheckStatus.Up, outcome.Check.Status);
    }

    [Theory]
    [InlineData(PingKind.Success)]
    [InlineData(PingKind.Fail)]
    [InlineData(PingKind.Start)]
    [InlineData(PingKind.Log)]
    public void ApplyPing_IgnoresPing_WhenMonitorIsPausedWithManualResume(PingKind kind)
    {
        var check = Stored(Monitor(CheckStatus.Paused) with { ManualResume = true });

        var outcome = CheckRules.ApplyPing(check, kind, "POST", null, null, T0);

        Assert.Equal(PingKind.Ignored, outcome.Kind);
        Assert.Equal(check with { PingCount = check.PingCount + 1 }, outcome.Check);
        Assert.Equal(CheckStatus.Paused, outcome.Check.Status);
        Assert.Null(outcome.Flip);
    }

    [Fact]
    public void ApplyPing_RecomputesDeadline_WhenPingIsIgnored()
    {
        // Every ping recomputes the deadline, so a stale one is repaired even by an ignored ping.
        var check = Monitor(CheckStatus.Up) with { Methods = "POST", Deadline = null };

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "GET", null, null, T0);

        Assert.Equal(PingKind.Ignored, outcome.Kind);
        Assert.Equal(check.LastPing + Period + Grace, outcome.Check.Deadline);
    }

    // ---- paused monitors without manual resume ----

    [Fact]
    public void ApplyPing_ResumesAsUp_WhenPausedMonitorGetsSuccess()
    {
        var check = Monitor(CheckStatus.Paused);

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "GET", null, null, T0);

        Assert.Equal(PingKind.Success, outcome.Kind);
        Assert.Equal(CheckStatus.Up, outcome.Check.Status);
        Assert.Equal(T0, outcome.Check.LastPing);
        Assert.Equal(T0 + Period + Grace, outcome.Check.Deadline);
        Assert.Equal(new Flip(CheckStatus.Paused, CheckStatus.Up, T0, FlipReason.Success), outcome.Flip);
        Assert.False(outcome.Flip?.IsAlert);
    }

    [Fact]
    public void ApplyPing_GoesDown_WhenPausedMonitorGetsFail()
    {
        var outcome = CheckRules.ApplyPing(Monitor(CheckStatus.Paused), PingKind.Fail, "GET", null, null, T0);

        Assert.Equal(CheckStatus.Down, outcome.Check.Status);
        Assert.Equal(new Flip(CheckStatus.Paused, CheckStatus.Down, T0, FlipReason.Failed), outcome.Flip);
        Assert.True(outcome.Flip?.IsAlert);
    }

    // ---- log ----

    [Theory]
    [InlineData(CheckStatus.New)]
    [InlineData(CheckStatus.Up)]
    [InlineData(CheckStatus.Down)]
    [InlineData(CheckStatus.Paused)]
    public void ApplyPing_ChangesOnlyPingCount_WhenLogArrives(CheckStatus status)
    {
        var check = Stored(Monitor(status) with { LastStart = T0.AddMinutes(-10), LastStartRid = RunA });

        var outcome = CheckRules.ApplyPing(check, PingKind.Log, "POST", null, null, T0);

        Assert.Equal(PingKind.Log, outcome.Kind);
        Assert.Equal(check with { PingCount = check.PingCount + 1 }, outcome.Check);
        Assert.Null(outcome.Duration);
        Assert.Null(outcome.Flip);
    }

    // ---- flips ----

    [Fact]
    public void ApplyPing_GivesNoFlip_WhenDownMonitorFailsAgain()
    {
        var check = Monitor(CheckStatus.Down);

        var outcome = CheckRules.ApplyPing(check, PingKind.Fail, "GET", null, null, T0);

        Assert.Equal(CheckStatus.Down, outcome.Check.Status);
        Assert.Equal(T0, outcome.Check.LastPing);
        Assert.Null(outcome.Check.Deadline);
        Assert.Null(outcome.Flip);
    }

    [Fact]
    public void ApplyPing_GivesNoFlip_WhenUpMonitorSucceedsAgain()
    {
        var outcome = CheckRules.ApplyPing(Monitor(CheckStatus.Up), PingKind.Success, "GET", null, null, T0);

        Assert.Equal(CheckStatus.Up, outcome.Check.Status);
        Assert.Null(outcome.Flip);
    }

    [Fact]
    public void ApplyPing_FlipsDownToUpWithAlert_WhenDownMonitorSucceeds()
    {
        var outcome = CheckRules.ApplyPing(Monitor(CheckStatus.Down), PingKind.Success, "GET", null, null, T0);

        Assert.Equal(new Flip(CheckStatus.Down, CheckStatus.Up, T0, FlipReason.Success), outcome.Flip);
        Assert.True(outcome.Flip?.IsAlert);
    }

    // ---- deadline after the ping ----

    [Theory]
    // Status, max runtime in minutes (null = grace), expected deadline in minutes after the start at T0.
    [InlineData(CheckStatus.New, null, 60)]
    [InlineData(CheckStatus.New, 10, 10)]
    [InlineData(CheckStatus.Paused, null, 60)]
    [InlineData(CheckStatus.Up, null, 60)]
    [InlineData(CheckStatus.Up, 10, 10)]
    // The next expected ping (an hour ago + a day + grace) comes before a two-day runtime limit.
    [InlineData(CheckStatus.Up, 2 * 24 * 60, 24 * 60)]
    [InlineData(CheckStatus.Down, null, null)]
    public void ApplyPing_SetsRunDeadline_WhenStartArrives(CheckStatus status, int? maxRuntimeMinutes, int? deadlineMinutes)
    {
        var check = Stored(Monitor(status) with
        {
            MaxRuntime = maxRuntimeMinutes is { } m ? TimeSpan.FromMinutes(m) : null,
        });

        var outcome = CheckRules.ApplyPing(check, PingKind.Start, "GET", null, null, T0);

        Assert.Equal(Minutes(deadlineMinutes), outcome.Check.Deadline);
    }
}
