using Stockbeat.Core.Checks;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Storage;

/// <summary>The <c>checks</c> table's columns, as Dapper reads them.</summary>
internal sealed class CheckRow
{
    public const string Columns =
        "id, uuid, project_id, name, slug, tags, description, kind, timeout_s, schedule, tz, grace_s, max_runtime_s, " +
        "manual_resume, methods, status, last_ping, last_start, last_start_rid, last_duration_ms, n_pings, deadline, " +
        "created, version, policy_id, velocity, platform, sku_count, error_threshold, min_runtime_s, source, destination, job_kind, " +
        "flow_min_events, flow_window_s, flow_active_hours, flow_tz, flow_window_start, flow_events, rules";

    public long Id { get; set; }
    public string Uuid { get; set; } = "";
    public long ProjectId { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Tags { get; set; } = "";
    public string Description { get; set; } = "";
    public string Kind { get; set; } = "simple";
    public long TimeoutS { get; set; }
    public string Schedule { get; set; } = "";
    public string Tz { get; set; } = "";
    public long GraceS { get; set; }
    public long? MaxRuntimeS { get; set; }
    public long ManualResume { get; set; }
    public string Methods { get; set; } = "";
    public string Status { get; set; } = "new";
    public long? LastPing { get; set; }
    public long? LastStart { get; set; }
    public string? LastStartRid { get; set; }
    public long? LastDurationMs { get; set; }
    public long NPings { get; set; }
    public long? Deadline { get; set; }
    public long Created { get; set; }
    public long Version { get; set; }
    public long? PolicyId { get; set; }
    public string? Velocity { get; set; }
    public string? Platform { get; set; }
    public long? SkuCount { get; set; }
    public double? ErrorThreshold { get; set; }
    public long? MinRuntimeS { get; set; }
    public string? Source { get; set; }
    public string? Destination { get; set; }
    public string? JobKind { get; set; }
    public long? FlowMinEvents { get; set; }
    public long? FlowWindowS { get; set; }
    public string? FlowActiveHours { get; set; }
    public string? FlowTz { get; set; }
    public long? FlowWindowStart { get; set; }
    public long FlowEvents { get; set; }
    public string? Rules { get; set; }

    public Check ToCheck() => new()
    {
        Id = Id,
        Uuid = Guid.Parse(Uuid),
        ProjectId = ProjectId,
        Name = Name,
        Slug = Slug,
        Tags = Tags,
        Description = Description,
        Schedule = Kind == "cron"
            ? CronSchedule.Parse(Schedule, Tz)
            : new SimpleSchedule(TimeSpan.FromSeconds(TimeoutS)),
        Grace = TimeSpan.FromSeconds(GraceS),
        MaxRuntime = MaxRuntimeS is { } m ? TimeSpan.FromSeconds(m) : null,
        ManualResume = ManualResume != 0,
        Methods = Methods,
        Status = StatusNames.ParseStored(Status),
        LastPing = Time.FromMs(LastPing),
        LastStart = Time.FromMs(LastStart),
        LastStartRid = LastStartRid is null ? null : System.Guid.Parse(LastStartRid),
        LastDuration = LastDurationMs is { } d ? TimeSpan.FromMilliseconds(d) : null,
        PingCount = (int)NPings,
        Deadline = Time.FromMs(Deadline),
        Created = Time.FromMs(Created),
        Version = Version,
        PolicyId = PolicyId,
        Velocity = Velocity,
        Platform = Platform,
        SkuCount = SkuCount,
        ErrorThreshold = ErrorThreshold,
        MinRuntime = MinRuntimeS is { } min ? TimeSpan.FromSeconds(min) : null,
        Source = Source,
        Destination = Destination,
        JobKind = JobKind ?? JobKinds.Sync,
        Flow = JobKind == JobKinds.EventFlow && FlowMinEvents is { } minEvents && FlowWindowS is { } window ? FlowOf(minEvents, window) : null,
        FlowWindowStart = Time.FromMs(FlowWindowStart),
        FlowEvents = FlowEvents,
        Rules = Rules is null ? Stockbeat.Core.Analysis.RuleSettings.Defaults : RulesJson.Deserialize(Rules),
    };

    private EventFlow FlowOf(long minEvents, long windowS)
    {
        var hours = FlowActiveHours is { } text && EventFlow.TryParseHours(text, out var from, out var to) ? (from, to) : ((TimeOnly, TimeOnly)?)null;
        return new EventFlow((int)minEvents, TimeSpan.FromSeconds(windowS), hours?.Item1, hours?.Item2, FlowTz ?? "UTC");
    }

    /// <summary>Dapper parameters for every column of <paramref name="check"/>.</summary>
    public static object Parameters(Check check) => new
    {
        check.Id,
        Uuid = check.Uuid.ToString(),
        UniqueKey = UniqueKeys.Of(check.Uuid),
        check.ProjectId,
        check.Name,
        check.Slug,
        check.Tags,
        check.Description,
        Kind = check.Schedule is CronSchedule ? "cron" : "simple",
        TimeoutS = check.Schedule is SimpleSchedule s ? (long)s.Period.TotalSeconds : (long)Check.DefaultTimeout.TotalSeconds,
        Schedule = check.Schedule is CronSchedule c ? c.Expression : "* * * * *",
        Tz = check.Schedule is CronSchedule z ? z.TimeZone : "UTC",
        GraceS = (long)check.Grace.TotalSeconds,
        MaxRuntimeS = check.MaxRuntime is { } m ? (long?)m.TotalSeconds : null,
        ManualResume = check.ManualResume ? 1L : 0L,
        check.Methods,
        Status = check.Status.ToWire(),
        LastPing = Time.ToMs(check.LastPing),
        LastStart = Time.ToMs(check.LastStart),
        LastStartRid = check.LastStartRid?.ToString(),
        LastDurationMs = check.LastDuration is { } d ? (long?)d.TotalMilliseconds : null,
        NPings = (long)check.PingCount,
        Deadline = Time.ToMs(check.Deadline),
        Created = Time.ToMs(check.Created),
        check.Version,
        check.PolicyId,
        check.Velocity,
        check.Platform,
        check.SkuCount,
        check.ErrorThreshold,
        MinRuntimeS = check.MinRuntime is { } min ? (long?)min.TotalSeconds : null,
        check.Source,
        check.Destination,
        check.JobKind,
        FlowMinEvents = (long?)check.Flow?.MinEvents,
        FlowWindowS = check.Flow is { } flow ? (long?)flow.Window.TotalSeconds : null,
        FlowActiveHours = check.Flow?.ActiveHours,
        FlowTz = check.Flow?.TimeZone,
        FlowWindowStart = Time.ToMs(check.FlowWindowStart),
        check.FlowEvents,
        Rules = check.Rules.Overrides.Count == 0 ? null : RulesJson.Serialize(check.Rules),
    };
}
