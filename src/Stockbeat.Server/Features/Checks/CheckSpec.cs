using System.Globalization;
using System.Text;
using System.Text.Json;
using Stockbeat.Core.Analysis;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Schedules;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Checks;

/// <summary>The fields a create or update request may set; null means "not given".</summary>
internal sealed record CheckSpec
{
    public const long MinSeconds = 60;
    public const long MaxSeconds = 31_536_000;
    public const int MaxNameLength = 100;

    public static readonly string[] UniqueFields = ["name", "slug", "tags", "timeout", "grace"];

    public string? Name { get; init; }
    public string? Slug { get; init; }
    public string? Tags { get; init; }
    public string? Desc { get; init; }
    public long? Timeout { get; init; }
    public long? Grace { get; init; }
    public long? MaxRuntime { get; init; }
    public string? Schedule { get; init; }
    public string? Tz { get; init; }
    public bool? ManualResume { get; init; }
    public string? Methods { get; init; }
    public string? Channels { get; init; }
    public IReadOnlyList<string>? Unique { get; init; }

    /// <summary>The escalation policy's id; empty string clears it (project default).</summary>
    public string? Policy { get; init; }

    /// <summary>Upstream monitors' uuids.</summary>
    public IReadOnlyList<Guid>? DependsOn { get; init; }

    /// <summary>Velocity preset; "" clears it.</summary>
    public string? Velocity { get; init; }

    /// <summary>Platform profile id; "" clears it.</summary>
    public string? Platform { get; init; }

    /// <summary>SKUs per run.</summary>
    public long? SkuCount { get; init; }

    /// <summary>Whether the request set <c>sku_count</c> to null, which clears it.</summary>
    public bool ClearSkuCount { get; init; }

    /// <summary>Fraction of failed SKUs above which a success counts as failed.</summary>
    public double? ErrorThreshold { get; init; }

    /// <summary>Whether the request set <c>error_threshold</c> to null, which returns the monitor to the default.</summary>
    public bool ClearErrorThreshold { get; init; }

    /// <summary>Seconds a run must take at least; 0 clears it.</summary>
    public long? MinRuntime { get; init; }

    /// <summary>Where stock comes from; "" clears it.</summary>
    public string? Source { get; init; }

    /// <summary>Where stock goes to; "" clears it.</summary>
    public string? Destination { get; init; }

    /// <summary>The job kind: sync, feed or event_flow.</summary>
    public string? Kind { get; init; }

    /// <summary>Rule overrides to merge in: a threshold, or null for "off"; an absent key keeps what the monitor has.</summary>
    public IReadOnlyDictionary<string, double?>? Rules { get; init; }

    /// <summary>Whether <see cref="Rules"/> replaces all overrides (an empty object resets them).</summary>
    private RuleSettings RulesFor(Check check) => Rules is null
        ? check.Rules
        : Rules.Count == 0 ? RuleSettings.Defaults : new RuleSettings(Rules);

    /// <summary>Events an event-flow window needs.</summary>
    public long? MinEvents { get; init; }

    /// <summary>Seconds of an event-flow window.</summary>
    public long? Window { get; init; }

    /// <summary>Active hours of an event flow, <c>HH:MM-HH:MM</c>; "" clears them.</summary>
    public string? ActiveHours { get; init; }

    /// <summary>The event flow of <paramref name="check"/> after this spec, or null when it is not an event flow.</summary>
    private EventFlow? FlowFor(Check check, string kind)
    {
        if (kind != JobKinds.EventFlow)
        {
            return null;
        }

        var current = check.Flow;
        var (from, to) = ActiveHours switch
        {
            null => (current?.ActiveFrom, current?.ActiveTo),
            "" => (null, null),
            var text => EventFlow.TryParseHours(text, out var f, out var t) ? (f, t) : ((TimeOnly?)null, (TimeOnly?)null),
        };
        return new EventFlow(
            (int)(MinEvents ?? current?.MinEvents ?? 1),
            Window is { } window ? TimeSpan.FromSeconds(window) : current?.Window ?? TimeSpan.FromHours(1),
            from,
            to,
            Tz ?? current?.TimeZone ?? "UTC");
    }

    /// <summary>The monitor with the given fields applied (schedule kind follows Healthchecks' rules).</summary>
    public Check ApplyTo(Check check, bool creating)
    {
        var schedule = check.Schedule;
        if (Schedule is not null)
        {
            schedule = CronSchedule.Parse(Schedule, Tz ?? (check.Schedule as CronSchedule)?.TimeZone ?? "UTC");
        }
        else if (Timeout is { } timeout)
        {
            schedule = new SimpleSchedule(TimeSpan.FromSeconds(timeout));
        }
        else if (Tz is not null && check.Schedule is CronSchedule cron)
        {
            schedule = CronSchedule.Parse(cron.Expression, Tz);
        }

        var name = Name ?? check.Name;
        var updated = check with
        {
            Name = name,
            Slug = Slug ?? (creating ? Slugify(name) : check.Slug),
            Tags = Tags is null ? check.Tags : NormalizedTags(Tags),
            Description = Desc ?? check.Description,
            Schedule = schedule,
            // An explicit grace wins; otherwise a velocity given in this request sets the preset's grace.
            Grace = Grace is { } grace
                ? TimeSpan.FromSeconds(grace)
                : Velocity is { Length: > 0 } preset ? Stockbeat.Core.Checks.Velocity.DefaultGrace(preset)!.Value : check.Grace,
            Velocity = Velocity is null ? check.Velocity : Velocity.Length == 0 ? null : Velocity,
            Platform = Platform is null ? check.Platform : Platform.Length == 0 ? null : Platform,
            SkuCount = ClearSkuCount ? null : SkuCount ?? check.SkuCount,
            MaxRuntime = MaxRuntime is { } max ? TimeSpan.FromSeconds(max) : check.MaxRuntime,
            MinRuntime = MinRuntime is { } min ? (min == 0 ? null : TimeSpan.FromSeconds(min)) : check.MinRuntime,
            ErrorThreshold = ClearErrorThreshold ? null : ErrorThreshold ?? check.ErrorThreshold,
            Source = Source is null ? check.Source : Source.Length == 0 ? null : Source,
            Destination = Destination is null ? check.Destination : Destination.Length == 0 ? null : Destination,
            JobKind = Kind ?? check.JobKind,
            Rules = RulesFor(check),
            Flow = FlowFor(check, Kind ?? check.JobKind),
            FlowWindowStart = (Kind ?? check.JobKind) == JobKinds.EventFlow ? check.FlowWindowStart : null,
            FlowEvents = (Kind ?? check.JobKind) == JobKinds.EventFlow ? check.FlowEvents : 0,
            ManualResume = ManualResume ?? check.ManualResume,
            Methods = Methods ?? check.Methods,
        };
        return CheckRules.WithDeadline(updated);
    }

    /// <summary>
    /// Whether <paramref name="check"/> has this spec's value in every field of <see cref="Unique"/>. A field the
    /// spec does not give matches nothing, so the request creates a new monitor.
    /// </summary>
    public bool MatchesUnique(Check check) => Unique is { Count: > 0 } && Unique.All(field => field switch
    {
        "name" => Name is not null && check.Name == Name,
        "slug" => Slug is not null && check.Slug == Slug,
        "tags" => Tags is not null && check.Tags == NormalizedTags(Tags),
        "timeout" => Timeout is { } t && check.Schedule is SimpleSchedule s && (long)s.Period.TotalSeconds == t,
        "grace" => Grace is { } g && (long)check.Grace.TotalSeconds == g,
        _ => false,
    });

    /// <summary>
    /// The monitors <see cref="MatchesUnique"/> can match, narrowed in the database by every unique field (by index for
    /// name and slug); null when there are no unique fields, or one is missing from the request, so nothing matches.
    /// </summary>
    public CheckFilter? UniqueFilter => Unique is not { Count: > 0 } || !Unique.All(Gives)
        ? null
        : new CheckFilter(
            Name: Unique.Contains("name") ? Name : null,
            Slug: Unique.Contains("slug") ? Slug : null,
            Tags: Unique.Contains("tags") ? NormalizedTags(Tags!) : null,
            PeriodSeconds: Unique.Contains("timeout") ? Timeout : null,
            GraceSeconds: Unique.Contains("grace") ? Grace : null);

    // Whether the request gives a value for a unique field; a field it does not give matches nothing.
    private bool Gives(string field) => field switch
    {
        "name" => Name is not null,
        "slug" => Slug is not null,
        "tags" => Tags is not null,
        "timeout" => Timeout is not null,
        "grace" => Grace is not null,
        _ => false,
    };

    /// <summary>Tags as stored: separated by single spaces, without leading or trailing ones.</summary>
    private static string NormalizedTags(string tags) => string.Join(' ', tags.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Lower-case letters, digits, '-' and '_': "ERP → Über sync" becomes "erp-uber-sync".</summary>
    public static string Slugify(string name)
    {
        var slug = new StringBuilder(name.Length);
        // Decomposing first turns "ü" into "u" plus a combining mark, which is then dropped.
        foreach (var c in name.Normalize(NormalizationForm.FormKD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            {
                slug.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }

    /// <summary>Parses and validates a request body; errors use Healthchecks' wording.</summary>
    public static CheckSpec? Parse(JsonElement body, out string? error)
    {
        error = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "json validation error: value is not an object";
            return null;
        }

        var spec = new CheckSpec();
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            string? problem = null;
            switch (property.Name)
            {
                case "name":
                    problem = String(value, MaxNameLength, out var name);
                    spec = spec with { Name = name };
                    break;
                case "slug":
                    problem = String(value, MaxNameLength, out var slug)
                        ?? (PingPathParser.IsValidSlug(slug!) ? null : "does not match pattern ^[a-z0-9-_]*$");
                    spec = spec with { Slug = slug };
                    break;
                case "tags":
                    problem = String(value, 500, out var tags);
                    spec = spec with { Tags = tags };
                    break;
                case "desc":
                    problem = String(value, 10_000, out var desc);
                    spec = spec with { Desc = desc };
                    break;
                case "timeout":
                    problem = Seconds(value, out var timeout);
                    spec = spec with { Timeout = timeout };
                    break;
                case "grace":
                    problem = Seconds(value, out var grace);
                    spec = spec with { Grace = grace };
                    break;
                case "max_runtime":
                    problem = Seconds(value, out var maxRuntime);
                    spec = spec with { MaxRuntime = maxRuntime };
                    break;
                case "schedule":
                    problem = String(value, 100, out var schedule)
                        ?? (!CronSchedule.TryParse(schedule!, "UTC", out var cron, out _) ? "is not a valid cron expression"
                            : cron.EverFires ? null : "never fires: no date matches it");
                    spec = spec with { Schedule = schedule };
                    break;
                case "tz":
                    problem = String(value, 64, out var tz)
                        ?? (TimeZones.TryFind(tz!, out _) ? null : "is not a valid timezone");
                    spec = spec with { Tz = tz };
                    break;
                case "manual_resume":
                    problem = value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "is not a boolean";
                    spec = spec with { ManualResume = problem is null ? value.GetBoolean() : null };
                    break;
                case "methods":
                    problem = String(value, 10, out var methods)
                        ?? (methods is "" or "POST" ? null : "has unexpected value");
                    spec = spec with { Methods = methods };
                    break;
                case "channels":
                    problem = String(value, 10_000, out var channels);
                    spec = spec with { Channels = channels };
                    break;
                case "policy":
                    problem = String(value, 36, out var policy)
                        ?? (policy!.Length == 0 || Guid.TryParse(policy, out _) ? null : "is not a policy id");
                    spec = spec with { Policy = policy };
                    break;
                case "depends_on":
                    problem = ParseUuids(value, out var upstream);
                    spec = spec with { DependsOn = upstream };
                    break;
                case "velocity":
                    problem = String(value, 10, out var velocity)
                        ?? (velocity!.Length == 0 || Stockbeat.Core.Checks.Velocity.Names.Contains(velocity) ? null : "must be fast, regular or slow");
                    spec = spec with { Velocity = velocity };
                    break;
                case "platform":
                    problem = String(value, 40, out var platform)
                        ?? (platform!.Length == 0 || Stockbeat.Core.Platforms.PlatformProfile.Find(platform) is not null
                            ? null
                            : $"must be one of {string.Join(", ", Stockbeat.Core.Platforms.PlatformProfile.BuiltIn.Select(p => p.Id))}");
                    spec = spec with { Platform = platform };
                    break;
                case "sku_count" when value.ValueKind == JsonValueKind.Null:
                    spec = spec with { ClearSkuCount = true };
                    break;
                case "sku_count":
                    problem = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var skus) && skus is >= 0 and <= 1_000_000_000
                        ? null
                        : "must be a whole number from 0 to 1000000000, or null to clear it";
                    spec = spec with { SkuCount = problem is null ? value.GetInt64() : null };
                    break;
                case "error_threshold" when value.ValueKind == JsonValueKind.Null:
                    spec = spec with { ClearErrorThreshold = true };
                    break;
                case "error_threshold":
                    problem = value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var threshold) && threshold is >= 0 and <= 1
                        ? null
                        : "must be a fraction from 0 to 1 (0.05 is 5%), or null for the default";
                    spec = spec with { ErrorThreshold = problem is null ? value.GetDouble() : null };
                    break;
                case "min_runtime":
                    problem = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var minRuntime) && minRuntime is >= 0 and <= MaxSeconds
                        ? null
                        : $"must be a whole number of seconds from 0 to {MaxSeconds}";
                    spec = spec with { MinRuntime = problem is null ? value.GetInt64() : null };
                    break;
                case "source":
                    problem = String(value, 100, out var source);
                    spec = spec with { Source = source };
                    break;
                case "destination":
                    problem = String(value, 100, out var destination);
                    spec = spec with { Destination = destination };
                    break;
                case "kind":
                    problem = String(value, 10, out var kind)
                        ?? (JobKinds.All.Contains(kind!) ? null : $"must be one of {string.Join(", ", JobKinds.All)}");
                    spec = spec with { Kind = kind };
                    break;
                case "min_events":
                    problem = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var minEvents) && minEvents is >= 1 and <= 1_000_000
                        ? null
                        : "must be a whole number from 1 to 1000000";
                    spec = spec with { MinEvents = problem is null ? value.GetInt64() : null };
                    break;
                case "window":
                    problem = Seconds(value, out var window);
                    spec = spec with { Window = window };
                    break;
                case "active_hours":
                    problem = String(value, 11, out var hours)
                        ?? (hours!.Length == 0 || EventFlow.TryParseHours(hours, out _, out _) ? null : "must be HH:MM-HH:MM, e.g. 08:00-22:00");
                    spec = spec with { ActiveHours = hours };
                    break;
                case "rules":
                    problem = ParseRules(value, out var rules);
                    spec = spec with { Rules = rules };
                    break;
                case "unique":
                    problem = ParseUnique(value, out var unique);
                    spec = spec with { Unique = unique };
                    break;
            }

            if (problem is not null)
            {
                error = $"json validation error: {property.Name} {problem}";
                return null;
            }
        }

        return spec;
    }

    private static string? String(JsonElement value, int maxLength, out string? text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null)
        {
            return "is not a string";
        }

        return text.Length > maxLength ? "is too long" : null;
    }

    // {"failure_rate": 0.05, "duration_variability": false}: a number sets a threshold, false switches a rule off.
    private static string? ParseRules(JsonElement value, out IReadOnlyDictionary<string, double?>? rules)
    {
        rules = null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return "must be an object such as {\"failure_rate\": 0.05, \"duration_variability\": false}";
        }

        var parsed = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var rule in value.EnumerateObject())
        {
            double? threshold = rule.Value.ValueKind switch
            {
                JsonValueKind.False => null,
                JsonValueKind.Number when rule.Value.TryGetDouble(out var number) && double.IsFinite(number) => number,
                _ => double.NaN,
            };
            if (threshold is double.NaN)
            {
                return $"{rule.Name} must be false or a number";
            }

            if (!RuleSettings.TryValidate(rule.Name, threshold, out var problem))
            {
                return problem;
            }

            parsed[rule.Name] = threshold;
        }

        rules = parsed;
        return null;
    }

    private static string? Seconds(JsonElement value, out long? seconds)
    {
        seconds = null;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return "is not a number";
        }

        if (!value.TryGetDouble(out var number) || double.IsInfinity(number) || number != Math.Floor(number))
        {
            return "is not a number";
        }

        if (number < MinSeconds)
        {
            return "is too small";
        }

        if (number > MaxSeconds)
        {
            return "is too large";
        }

        seconds = (long)number;
        return null;
    }

    private static string? ParseUuids(JsonElement value, out IReadOnlyList<Guid>? uuids)
    {
        uuids = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            return "is not an array of check ids";
        }

        var list = new List<Guid>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out var uuid))
            {
                return "is not an array of check ids";
            }

            list.Add(uuid);
        }

        uuids = list;
        return null;
    }

    private static string? ParseUnique(JsonElement value, out IReadOnlyList<string>? unique)
    {
        unique = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            return "is not an array";
        }

        var fields = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !UniqueFields.Contains(item.GetString()))
            {
                return "has unexpected item";
            }

            fields.Add(item.GetString()!);
        }

        unique = fields;
        return null;
    }
}
