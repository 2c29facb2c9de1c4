using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stockbeat.Core.Checks;

namespace Stockbeat.Monitors;

/// <summary>
/// One field of a declared object as the diff compares it: <see cref="Value"/> is a canonical text, so that two
/// spellings of the same setting compare equal; secrets are compared but never printed.
/// </summary>
/// <param name="Shown">What to print instead of <see cref="Value"/> when the value holds secrets in part.</param>
internal sealed record Field(string Name, string Value, bool Secret = false, string? Shown = null)
{
    /// <summary>The value as a diff prints it.</summary>
    public string Display => Secret ? "(secret)" : Shown ?? Value;
}

/// <summary>An object a config file declares; <see cref="Key"/> identifies it on the server.</summary>
internal interface IDeclaration
{
    /// <summary>The kind of object in messages: monitor, channel, policy, window.</summary>
    string Kind { get; }

    /// <summary>The stable key: the slug of a monitor, the name of anything else.</summary>
    string Key { get; }

    /// <summary>Where a file declares it (<c>stockbeat.yaml:12:5</c>); null for what a server has.</summary>
    string? Origin { get; }

    /// <summary>The settings the diff compares, in display order.</summary>
    IReadOnlyList<Field> Fields();
}

/// <summary>Everything a config file declares, or everything a server has, in the same shape.</summary>
internal sealed record Declarations(
    IReadOnlyList<ChannelDeclaration> Channels,
    IReadOnlyList<PolicyDeclaration> Policies,
    IReadOnlyList<MonitorDeclaration> Monitors,
    IReadOnlyList<WindowDeclaration> Windows);

/// <summary>A monitor ("check" in the API), keyed by slug. References to others are by key, not id.</summary>
internal sealed record MonitorDeclaration : IDeclaration
{
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string Desc { get; init; } = "";

    /// <summary>Seconds between pings for a simple monitor; null for a cron monitor.</summary>
    public long? Timeout { get; init; }

    public string? Schedule { get; init; }
    public string? Tz { get; init; }
    public long Grace { get; init; }
    public long MaxRuntime { get; init; }
    public bool ManualResume { get; init; }
    public string Methods { get; init; } = "";
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>The escalation policy's name; null for the project default.</summary>
    public string? Policy { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public string? Velocity { get; init; }
    public string? Platform { get; init; }

    /// <summary>SKUs per run; null and 0 mean "not set".</summary>
    public long? SkuCount { get; init; }

    public string? Source { get; init; }
    public string? Destination { get; init; }

    /// <summary>The job kind: sync or feed.</summary>
    public string JobKind { get; init; } = JobKinds.Sync;

    /// <summary>Share of failed SKUs above which a success counts as failed.</summary>
    public double ErrorThreshold { get; init; } = 0.05;

    /// <summary>Seconds a run must take at least; 0 for no minimum.</summary>
    public long MinRuntime { get; init; }

    /// <summary>Event flows: events a window needs (server default 1).</summary>
    public long? MinEvents { get; init; }

    /// <summary>Event flows: seconds of a window (server default one hour).</summary>
    public long? Window { get; init; }

    /// <summary>Event flows: <c>HH:MM-HH:MM</c>, or null for always.</summary>
    public string? ActiveHours { get; init; }

    /// <summary>Analysis rule overrides: a threshold, or null for a rule switched off; empty for the defaults.</summary>
    public IReadOnlyDictionary<string, double?> Rules { get; init; } = new Dictionary<string, double?>();

    public string? Origin { get; init; }

    public string Kind => "monitor";

    public string Key => Slug;

    public IReadOnlyList<Field> Fields() =>
    [
        new("name", Name),
        new("tags", string.Join(' ', Tags)),
        new("desc", Desc),
        new("timeout", Timeout is { } t ? HumanDuration.Format(t) : ""),
        new("schedule", Schedule ?? ""),
        new("tz", Tz ?? ""),
        new("grace", HumanDuration.Format(Grace)),
        new("max_runtime", HumanDuration.Format(MaxRuntime)),
        new("manual_resume", ManualResume ? "true" : "false"),
        new("methods", Methods),
        new("channels", Sorted(Channels)),
        new("policy", Policy ?? ""),
        new("depends_on", Sorted(DependsOn)),
        new("velocity", Velocity ?? ""),
        new("platform", Platform ?? ""),
        new("sku_count", SkuCount is { } n and > 0 ? n.ToString(CultureInfo.InvariantCulture) : ""),
        new("source", Source ?? ""),
        new("destination", Destination ?? ""),
        new("kind", JobKind),
        new("error_threshold", ErrorThreshold.ToString("0.####", CultureInfo.InvariantCulture)),
        new("min_runtime", MinRuntime > 0 ? HumanDuration.Format(MinRuntime) : ""),
        new("min_events", JobKind == JobKinds.EventFlow ? (MinEvents ?? 1).ToString(CultureInfo.InvariantCulture) : ""),
        new("window", JobKind == JobKinds.EventFlow ? HumanDuration.Format(Window ?? 3_600) : ""),
        new("active_hours", ActiveHours ?? ""),
        new("rules", string.Join(", ", Rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {RuleValue(r.Value)}"))),
    ];

    /// <summary>An override as the file and the diff write it: the number, or <c>false</c>.</summary>
    internal static string RuleValue(double? threshold) => threshold is { } value ? value.ToString(CultureInfo.InvariantCulture) : "false";

    internal static string Sorted(IEnumerable<string> items) => string.Join(", ", items.Order(StringComparer.Ordinal));
}

/// <summary>A notification channel, keyed by name; <see cref="Config"/> is the server's normalised form.</summary>
internal sealed record ChannelDeclaration : IDeclaration
{
    public required string Name { get; init; }
    public required string ChannelKind { get; init; }
    public required JsonObject Config { get; init; }

    public string? Origin { get; init; }

    public string Kind => "channel";

    public string Key => Name;

    public IReadOnlyList<Field> Fields()
    {
        var fields = new List<Field> { new("kind", ChannelKind) };
        foreach (var (name, value) in Config.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is JsonObject nested)
            {
                fields.AddRange(nested.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => new Field(
                    $"config.{name}.{p.Key}", Canonical(p.Value), ChannelSecrets.IsSecret(ChannelKind, name))));
            }
            else
            {
                fields.Add(new($"config.{name}", Canonical(value), ChannelSecrets.IsSecret(ChannelKind, name)));
            }
        }

        return fields;
    }

    /// <summary>A JSON value as one line: strings bare, everything else as compact JSON with sorted keys.</summary>
    internal static string Canonical(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonObject o => "{" + string.Join(", ", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Canonical)) + "]",
        _ => value.ToJsonString(),
    };
}

/// <summary>An escalation policy, keyed by name.</summary>
internal sealed record PolicyDeclaration : IDeclaration
{
    public required string Name { get; init; }
    public bool Default { get; init; }
    public long? RepeatEvery { get; init; }
    public required IReadOnlyList<PolicyStepDeclaration> Steps { get; init; }

    public string? Origin { get; init; }

    public string Kind => "policy";

    public string Key => Name;

    public IReadOnlyList<Field> Fields()
    {
        var fields = new List<Field>
        {
            new("default", Default ? "true" : "false"),
            new("repeat_every", RepeatEvery is { } r ? HumanDuration.Format(r) : ""),
        };
        for (var i = 0; i < Steps.Count; i++)
        {
            // Action headers may hold tokens: compare with them, print without them.
            fields.Add(new($"steps[{i}]", Steps[i].Describe(secrets: true), Shown: Steps[i].Describe(secrets: false)));
        }

        return fields;
    }
}

/// <summary>One step of a policy; <see cref="Action"/> is the canonical action object or null.</summary>
internal sealed record PolicyStepDeclaration(
    long After, IReadOnlyList<string> Channels, IReadOnlyList<string> Kinds, string? Message, JsonObject? Action)
{
    /// <summary>The step on one line; with <paramref name="secrets"/> false, action header values are hidden.</summary>
    public string Describe(bool secrets)
    {
        var parts = new List<string> { $"after {HumanDuration.Format(After)}" };
        if (Channels.Count > 0)
        {
            parts.Add($"channels [{MonitorDeclaration.Sorted(Channels)}]");
        }

        if (Kinds.Count > 0)
        {
            parts.Add($"kinds [{MonitorDeclaration.Sorted(Kinds)}]");
        }

        if (Message is not null)
        {
            parts.Add($"message \"{Message}\"");
        }

        if (Action is not null)
        {
            parts.Add("action " + ChannelDeclaration.Canonical(secrets ? Action : ChannelSecrets.MaskHeaders(Action)));
        }

        return string.Join(", ", parts);
    }
}

/// <summary>A maintenance window, keyed by name. Either <see cref="Start"/>/<see cref="End"/> or a schedule.</summary>
internal sealed record WindowDeclaration : IDeclaration
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Monitors { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public string? Schedule { get; init; }
    public string? Tz { get; init; }
    public long? Duration { get; init; }

    public string? Origin { get; init; }

    public string Kind => "window";

    public string Key => Name;

    public IReadOnlyList<Field> Fields() =>
    [
        new("monitors", MonitorDeclaration.Sorted(Monitors)),
        new("tags", string.Join(' ', Tags)),
        new("start", Time(Start)),
        new("end", Time(End)),
        new("schedule", Schedule ?? ""),
        new("tz", Tz ?? ""),
        new("duration", Duration is { } d ? HumanDuration.Format(d) : ""),
    ];

    /// <summary>A window time as written in files and diffs: UTC, whole seconds, ISO 8601.</summary>
    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
