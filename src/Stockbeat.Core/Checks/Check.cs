using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Checks;

/// <summary>A monitored job: what the user configured and what its pings have told so far.</summary>
/// <remarks>The API and Healthchecks call it a check; the UI and docs say monitor.</remarks>
public sealed record Check
{
    /// <summary>Default grace when none is given, as Healthchecks (one hour).</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(1);

    /// <summary>Default period when none is given, as Healthchecks (one day).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromDays(1);

    /// <summary>Storage key; 0 until stored.</summary>
    public long Id { get; init; }

    /// <summary>The public id, part of the ping URL.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The owning project.</summary>
    public long ProjectId { get; init; }

    /// <summary>Display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>URL-safe name used by slug ping URLs; may be empty.</summary>
    public string Slug { get; init; } = "";

    /// <summary>Space-separated tags.</summary>
    public string Tags { get; init; } = "";

    /// <summary>Free-text description.</summary>
    public string Description { get; init; } = "";

    /// <summary>When pings are expected.</summary>
    public Schedule Schedule { get; init; } = new SimpleSchedule(DefaultTimeout);

    /// <summary>How long past the expected time a ping may still arrive before the monitor is down.</summary>
    public TimeSpan Grace { get; init; } = DefaultGrace;

    /// <summary>How long a started run may take; null means the grace period.</summary>
    public TimeSpan? MaxRuntime { get; init; }

    /// <summary>A run that finishes sooner than this is suspicious (it probably skipped work); null: no limit.</summary>
    public TimeSpan? MinRuntime { get; init; }

    /// <summary>Share of failed SKUs (<c>errors / total</c>) above which a success counts as a failed run; null: the default.</summary>
    public double? ErrorThreshold { get; init; }

    /// <summary>When set, pings do not unpause a paused monitor.</summary>
    public bool ManualResume { get; init; }

    /// <summary><c>""</c> accepts any HTTP method; <c>"POST"</c> ignores the others.</summary>
    public string Methods { get; init; } = "";

    /// <summary>The escalation policy; null uses the project's default policy.</summary>
    public long? PolicyId { get; init; }

    /// <summary>Velocity preset (<c>fast</c>, <c>regular</c>, <c>slow</c>), or null.</summary>
    public string? Velocity { get; init; }

    /// <summary>The sales channel platform the sync talks to (a <see cref="Platforms.PlatformProfile"/> id), or null.</summary>
    public string? Platform { get; init; }

    /// <summary>Where the sync reads stock from, e.g. <c>erp</c>; the dashboard groups by source → destination.</summary>
    public string? Source { get; init; }

    /// <summary>Where the sync writes stock to, e.g. <c>amazon</c>.</summary>
    public string? Destination { get; init; }

    /// <summary>What kind of job: <see cref="JobKinds.Sync"/> (default) or <see cref="JobKinds.Feed"/>.</summary>
    public string JobKind { get; init; } = JobKinds.Sync;

    /// <summary>The monitor's overrides of the analysis rules (thresholds of its own, rules switched off).</summary>
    public Analysis.RuleSettings Rules { get; init; } = Analysis.RuleSettings.Defaults;

    /// <summary>What an event-flow monitor (<see cref="JobKinds.EventFlow"/>) expects; null for other kinds.</summary>
    public EventFlow? Flow { get; init; }

    /// <summary>Start of an event-flow monitor's current window; null before its first event.</summary>
    public DateTimeOffset? FlowWindowStart { get; init; }

    /// <summary>Events counted in the current window.</summary>
    public long FlowEvents { get; init; }

    /// <summary>How many SKUs one run syncs, for capacity planning.</summary>
    public long? SkuCount { get; init; }

    /// <summary>The stored status.</summary>
    public CheckStatus Status { get; init; } = CheckStatus.New;

    /// <summary>Time of the last success or failure ping.</summary>
    public DateTimeOffset? LastPing { get; init; }

    /// <summary>Start time of the open run, if one is open.</summary>
    public DateTimeOffset? LastStart { get; init; }

    /// <summary>Run id of the open run.</summary>
    public Guid? LastStartRid { get; init; }

    /// <summary>Duration of the last run that had a matching start.</summary>
    public TimeSpan? LastDuration { get; init; }

    /// <summary>Number of pings received so far (Healthchecks' <c>n_pings</c>).</summary>
    public int PingCount { get; init; }

    /// <summary>When the monitor goes down unless a ping arrives first; null when nothing is pending.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>Incremented by every write; conditional updates compare it.</summary>
    public long Version { get; init; }

    /// <summary>The error threshold in force.</summary>
    public double EffectiveErrorThreshold => ErrorThreshold ?? Runs.RunVerdict.DefaultErrorThreshold;

    /// <summary>
    /// The limit a started run must finish within: <see cref="MaxRuntime"/>; for a feed, the platform's processing
    /// delay (the run is the feed's submission until its processing completes); else the grace period.
    /// </summary>
    public TimeSpan EffectiveMaxRuntime => MaxRuntime
        ?? (JobKind == JobKinds.Feed && Platforms.PlatformProfile.Find(Platform ?? "") is { ProcessingDelay: var delay } && delay > TimeSpan.Zero
            ? delay
            : Grace);

    /// <summary>Tags as a list.</summary>
    public IReadOnlyList<string> TagList =>
        Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
