using System.Text.Json.Serialization;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Platforms;
using Stockbeat.Core.Schedules;
using Stockbeat.Server.Api;

namespace Stockbeat.Server.Features.Checks;

/// <summary>A monitor as the v3 API shows it, with Healthchecks' field names.</summary>
internal sealed record CheckJson
{
    public required string Name { get; init; }
    public required string Slug { get; init; }
    public required string Tags { get; init; }
    public required string Desc { get; init; }
    public required long Grace { get; init; }
    public required int NPings { get; init; }
    public required string Status { get; init; }
    public required bool Started { get; init; }
    public required string? LastPing { get; init; }
    public required string? NextPing { get; init; }
    public required bool ManualResume { get; init; }
    public required string Methods { get; init; }
    public required long MaxRuntime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Timeout { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Schedule { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tz { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LastDuration { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Uuid { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UniqueKey { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PingUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UpdateUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PauseUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ResumeUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Channels { get; init; }

    /// <summary>The escalation policy's id; null means the project default.</summary>
    public string? Policy { get; init; }

    /// <summary>Upstream monitors (uuids, or unique keys for read-only callers).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public string? Velocity { get; init; }

    public string? Platform { get; init; }

    public long? SkuCount { get; init; }

    /// <summary>The error threshold in force (fraction of <c>total</c>).</summary>
    public required double ErrorThreshold { get; init; }

    /// <summary>Seconds a run must take at least, or null.</summary>
    public long? MinRuntime { get; init; }

    /// <summary>Where stock comes from, or null.</summary>
    public string? Source { get; init; }

    /// <summary>Where stock goes to, or null.</summary>
    public string? Destination { get; init; }

    /// <summary>The job kind: <c>sync</c>, <c>feed</c> or <c>event_flow</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The monitor's rule overrides: a threshold, or false for a rule switched off; <c>{}</c> for the defaults.</summary>
    public required IReadOnlyDictionary<string, object> Rules { get; init; }

    /// <summary>Events an event-flow window needs; event flows only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MinEvents { get; init; }

    /// <summary>Seconds of an event-flow window; event flows only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Window { get; init; }

    /// <summary>Active hours of an event flow, or null for always; event flows only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActiveHours { get; init; }

    /// <summary>Events counted in the current window; event flows only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? WindowEvents { get; init; }

    /// <summary>The capacity verdict when platform and SKU count are known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public object? Plan { get; init; }

    /// <summary>
    /// The JSON for <paramref name="check"/> at <paramref name="now"/>. Read-only callers get a stable
    /// <c>unique_key</c> instead of the uuid and no URLs, because the uuid is the ping capability.
    /// </summary>
    public static CheckJson From(Check check, DateTimeOffset now, bool readOnly, string baseUrl, CheckRelations relations)
    {
        var channels = relations.Channels.GetValueOrDefault(check.Id, []);
        var upstream = relations.Upstream.GetValueOrDefault(check.Id, []);
        var json = new CheckJson
        {
            Name = check.Name,
            Slug = check.Slug,
            Tags = check.Tags,
            Desc = check.Description,
            Grace = ApiJson.Seconds(check.Grace),
            NPings = check.PingCount,
            Status = CheckRules.StatusAt(check, now).ToWire(),
            Started = check.LastStart is not null,
            LastPing = ApiJson.Time(check.LastPing),
            NextPing = check.Status is CheckStatus.Up or CheckStatus.Down ? ApiJson.Time(NextPingOf(check)) : null,
            ManualResume = check.ManualResume,
            Methods = check.Methods,
            MaxRuntime = ApiJson.Seconds(check.EffectiveMaxRuntime),
            Timeout = check.Schedule is SimpleSchedule simple ? ApiJson.Seconds(simple.Period) : null,
            Schedule = (check.Schedule as CronSchedule)?.Expression,
            Tz = (check.Schedule as CronSchedule)?.TimeZone ?? check.Flow?.TimeZone,
            LastDuration = check.LastDuration is { } d ? ApiJson.Seconds(d) : null,
            Policy = check.PolicyId is { } p && relations.Policies.TryGetValue(p, out var policy) ? policy.ToString() : null,
            Velocity = check.Velocity,
            Platform = check.Platform,
            SkuCount = check.SkuCount,
            ErrorThreshold = check.EffectiveErrorThreshold,
            MinRuntime = check.MinRuntime is { } min ? ApiJson.Seconds(min) : null,
            Source = check.Source,
            Destination = check.Destination,
            Kind = check.JobKind,
            Rules = check.Rules.Overrides.ToDictionary(r => r.Key, r => r.Value is { } v ? (object)v : false, StringComparer.Ordinal),
            MinEvents = check.Flow?.MinEvents,
            Window = check.Flow is { } flow ? ApiJson.Seconds(flow.Window) : null,
            ActiveHours = check.Flow?.ActiveHours,
            WindowEvents = check.Flow is null ? null : check.FlowEvents,
            Plan = PlanOf(check, now),
        };
        if (readOnly)
        {
            return json with { UniqueKey = UniqueKeyOf(check), DependsOn = [.. upstream.Select(UniqueKeys.Of)] };
        }

        var api = $"{baseUrl}/api/v3/checks/{check.Uuid}";
        return json with
        {
            Uuid = check.Uuid.ToString(),
            PingUrl = $"{baseUrl}/ping/{check.Uuid}",
            UpdateUrl = api,
            PauseUrl = $"{api}/pause",
            ResumeUrl = $"{api}/resume",
            Channels = string.Join(',', channels),
            DependsOn = [.. upstream.Select(u => u.ToString())],
        };
    }

    /// <summary>A stable id that does not reveal the uuid (see <see cref="UniqueKeys"/>).</summary>
    public static string UniqueKeyOf(Check check) => UniqueKeys.Of(check.Uuid);

    private static object? PlanOf(Check check, DateTimeOffset now)
    {
        if (check.Platform is null || check.SkuCount is not { } skus || PlatformProfile.Find(check.Platform) is not { } platform)
        {
            return null;
        }

        if (check.Schedule.IntervalAt(now) is not { } every || every <= TimeSpan.Zero)
        {
            return null;
        }

        var plan = CapacityPlanner.Plan(platform, skus, every);
        return new { fits = plan.Fits, calls_per_day = Math.Ceiling(plan.CallsPerDay), budget_per_day = plan.BudgetPerDay, message = plan.Message };
    }

    private static DateTimeOffset? NextPingOf(Check check) =>
        CheckRules.NextExpected(check) is { } next && next != DateTimeOffset.MaxValue ? next : null;
}

/// <summary>What a monitor's JSON shows of other rows: channels, upstream monitors, policy ids.</summary>
internal sealed record CheckRelations(
    IReadOnlyDictionary<long, IReadOnlyList<Guid>> Channels,
    IReadOnlyDictionary<long, IReadOnlyList<Guid>> Upstream,
    IReadOnlyDictionary<long, Guid> Policies)
{
    public static async Task<CheckRelations> LoadAsync(Stockbeat.Storage.IStore store, long projectId, CancellationToken ct) => new(
        await store.GetCheckChannelsAsync(projectId, ct),
        await store.GetDependenciesAsync(projectId, ct),
        (await store.ListPoliciesAsync(projectId, ct)).ToDictionary(p => p.Id, p => p.Uuid));

    /// <summary>What one monitor's JSON shows: read for that monitor alone, not for its whole project.</summary>
    public static async Task<CheckRelations> LoadForAsync(Stockbeat.Storage.IStore store, Check check, CancellationToken ct) => new(
        new Dictionary<long, IReadOnlyList<Guid>> { [check.Id] = await store.GetChannelsOfCheckAsync(check.Id, ct) },
        new Dictionary<long, IReadOnlyList<Guid>> { [check.Id] = await store.GetUpstreamOfCheckAsync(check.Id, ct) },
        (await store.ListPoliciesAsync(check.ProjectId, ct)).ToDictionary(p => p.Id, p => p.Uuid));
}
