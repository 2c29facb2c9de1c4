using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Checks;

/// <summary>What a ping did to a monitor.</summary>
/// <param name="Check">The monitor after the ping, deadline recomputed.</param>
/// <param name="Kind">The kind to store (may be <see cref="PingKind.Ignored"/>).</param>
/// <param name="Duration">The run's duration when the ping finished a run whose start is known.</param>
/// <param name="Flip">The status change, if any.</param>
public sealed record PingOutcome(Check Check, PingKind Kind, TimeSpan? Duration, Flip? Flip);

/// <summary>
/// Healthchecks' timing rules as pure functions: what a ping does, when a monitor is due, what its status is.
/// Time is always passed in.
/// </summary>
public static class CheckRules
{
    /// <summary>Applies one ping received at <paramref name="now"/>.</summary>
    /// <param name="check">The monitor before the ping.</param>
    /// <param name="kind">The kind the URL asked for.</param>
    /// <param name="method">The HTTP method (upper case).</param>
    /// <param name="rid">The run id, if the ping carried one.</param>
    /// <param name="runStartedAt">
    /// When the run this ping finishes started: the newest start ping with the same run id that no
    /// finish has closed yet. Lets overlapping runs each get their own duration.
    /// </param>
    /// <param name="now">The receive time.</param>
    public static PingOutcome ApplyPing(
        Check check, PingKind kind, string method, Guid? rid, DateTimeOffset? runStartedAt, DateTimeOffset now)
    {
        if (check.Methods == "POST" && method != "POST")
        {
            kind = PingKind.Ignored;
        }

        if (check.Status == CheckStatus.Paused && check.ManualResume)
        {
            kind = PingKind.Ignored;
        }

        var next = check with { PingCount = check.PingCount + 1 };
        if (check.Flow is { } flow && kind == PingKind.Success)
        {
            var (counted, changed) = EventFlowRules.ApplyEvent(next, flow, now);
            return new PingOutcome(WithDeadline(counted), kind, null, changed);
        }

        TimeSpan? duration = null;
        Flip? flip = null;
        switch (kind)
        {
            case PingKind.Start:
                next = next with { LastStart = now, LastStartRid = rid };
                break;
            case PingKind.Success or PingKind.Fail:
                var startedAt = runStartedAt
                    ?? (check.LastStart is { } open && check.LastStartRid == rid ? open : null);
                if (startedAt is { } s && s <= now)
                {
                    duration = now - s;
                }

                // A finish with the open run's id closes it; so does any fail, and any finish without an
                // id. A success of another, overlapping run leaves the open one running.
                var closesOpenRun = check.LastStartRid == rid || kind == PingKind.Fail || rid is null;
                var status = kind == PingKind.Fail ? CheckStatus.Down : CheckStatus.Up;
                next = next with
                {
                    LastPing = now,
                    LastStart = closesOpenRun ? null : check.LastStart,
                    LastStartRid = closesOpenRun ? null : check.LastStartRid,
                    LastDuration = duration ?? check.LastDuration,
                    Status = status,
                };
                if (check.Status != status)
                {
                    flip = new Flip(check.Status, status, now,
                        kind == PingKind.Fail ? FlipReason.Failed : FlipReason.Success);
                }

                break;
        }

        return new PingOutcome(WithDeadline(next), kind, duration, flip);
    }

    /// <summary>The monitor with its <see cref="Check.Deadline"/> recomputed from its state.</summary>
    public static Check WithDeadline(Check check) => check with { Deadline = DeadlineOf(check) };

    /// <summary>
    /// When the monitor goes down unless a ping arrives: the grace end of the next expected ping for an up
    /// monitor, or the end of the maximum runtime of an open run (even on a new or paused monitor).
    /// </summary>
    public static DateTimeOffset? DeadlineOf(Check check)
    {
        if (check.Status == CheckStatus.Down)
        {
            return null;
        }

        if (check.Flow is { } flow)
        {
            return check.Status == CheckStatus.Up ? EventFlowRules.WindowEnd(check, flow) : null;
        }

        DateTimeOffset? deadline = null;
        if (check.Status == CheckStatus.Up && GraceEnd(check) is { } graceEnd)
        {
            deadline = graceEnd;
        }

        if (RunTimeoutAt(check) is { } timeout && (deadline is null || timeout < deadline))
        {
            deadline = timeout;
        }

        return deadline;
    }

    /// <summary>When the next ping is expected, or null before the first ping.</summary>
    public static DateTimeOffset? NextExpected(Check check) =>
        check.LastPing is { } last ? check.Schedule.NextAfter(last) : null;

    /// <summary>The status users see at <paramref name="now"/>.</summary>
    public static ComputedStatus StatusAt(Check check, DateTimeOffset now)
    {
        if (check.Flow is { } flow && check.Status == CheckStatus.Up)
        {
            return EventFlowRules.Overdue(check, flow, now) is null ? ComputedStatus.Up : ComputedStatus.Down;
        }

        if (RunTimeoutAt(check) is { } timeout && now >= timeout)
        {
            return ComputedStatus.Down;
        }

        switch (check.Status)
        {
            case CheckStatus.New:
                return ComputedStatus.New;
            case CheckStatus.Paused:
                return ComputedStatus.Paused;
            case CheckStatus.Down:
                return ComputedStatus.Down;
        }

        if (GraceEnd(check) is { } graceEnd && now >= graceEnd)
        {
            return ComputedStatus.Down;
        }

        return NextExpected(check) is { } expected && now >= expected ? ComputedStatus.Grace : ComputedStatus.Up;
    }

    /// <summary>
    /// The flip the deadline sweep records at <paramref name="now"/>, or null when the monitor is not overdue.
    /// The flip's time is the deadline that passed, not the time the sweep noticed it.
    /// </summary>
    public static Flip? Overdue(Check check, DateTimeOffset now)
    {
        if (check.Flow is { } flow)
        {
            return EventFlowRules.Overdue(check, flow, now);
        }

        if (check.Status == CheckStatus.Down)
        {
            return null;
        }

        DateTimeOffset? graceEnd = check.Status == CheckStatus.Up ? GraceEnd(check) : null;
        var timeout = RunTimeoutAt(check);
        var missed = graceEnd is { } g && now >= g;
        var timedOut = timeout is { } t && now >= t;
        if (timedOut && (!missed || timeout <= graceEnd))
        {
            return new Flip(check.Status, CheckStatus.Down, timeout!.Value, FlipReason.Timeout,
                $"a run did not finish within {Words.Duration(check.EffectiveMaxRuntime)}");
        }

        return missed ? new Flip(check.Status, CheckStatus.Down, graceEnd!.Value, FlipReason.Missed) : null;
    }

    /// <summary>The monitor after the sweep's flip: down, no deadline; an event flow starts counting anew after the quiet window.</summary>
    public static Check ApplyFlip(Check check, Flip flip) => check.Flow is null
        ? WithDeadline(check with { Status = flip.To })
        : WithDeadline(check with { Status = flip.To, FlowWindowStart = flip.At, FlowEvents = 0 });

    /// <summary>
    /// The monitor as the sweep leaves it when nothing flipped: its deadline recomputed, and an event flow's window
    /// moved on to the one that holds <paramref name="now"/>.
    /// </summary>
    public static Check Settle(Check check, DateTimeOffset now) =>
        WithDeadline(check.Flow is { } flow && check.Status == CheckStatus.Up ? EventFlowRules.RollTo(check, flow, now) : check);

    /// <summary>Pauses: no alerts, open run forgotten. Returns the flip unless it was already paused.</summary>
    public static (Check Check, Flip? Flip) Pause(Check check, DateTimeOffset now)
    {
        var paused = WithDeadline(check with { Status = CheckStatus.Paused, LastStart = null, LastStartRid = null });
        return check.Status == CheckStatus.Paused
            ? (paused, null)
            : (paused, new Flip(check.Status, CheckStatus.Paused, now, FlipReason.Paused));
    }

    /// <summary>Resumes a paused monitor as new, or returns null when it is not paused.</summary>
    public static (Check Check, Flip Flip)? Resume(Check check, DateTimeOffset now)
    {
        if (check.Status != CheckStatus.Paused)
        {
            return null;
        }

        var resumed = WithDeadline(check with
        {
            Status = CheckStatus.New,
            LastPing = null,
            LastStart = null,
            LastStartRid = null,
        });
        return (resumed, new Flip(CheckStatus.Paused, CheckStatus.New, now, FlipReason.Resumed));
    }

    private static DateTimeOffset? GraceEnd(Check check) =>
        NextExpected(check) is { } expected ? AddSaturating(expected, check.Grace) : null;

    private static DateTimeOffset? RunTimeoutAt(Check check) =>
        check.LastStart is { } start && check.Status != CheckStatus.Down
            ? AddSaturating(start, check.EffectiveMaxRuntime)
            : null;

    private static DateTimeOffset AddSaturating(DateTimeOffset at, TimeSpan span) =>
        DateTimeOffset.MaxValue - at < span ? DateTimeOffset.MaxValue : at + span;
}
