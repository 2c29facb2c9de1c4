using System.Globalization;
using System.Text.Json.Nodes;

namespace Stockbeat.Monitors;

/// <summary>
/// What a server has, in the shape of a config file (references by key), plus the ids behind each key.
/// Objects without a usable key (an unnamed channel, a monitor without a slug, two objects with one key) are
/// left out of <see cref="Current"/> and reported in <see cref="Warnings"/>: config as code cannot address them.
/// </summary>
internal sealed class ServerState
{
    public required Declarations Current { get; init; }

    /// <summary>Server ids by kind and key: channel and policy ids, monitor uuids, window ids.</summary>
    public required Dictionary<(string Kind, string Key), string> Ids { get; init; }

    /// <summary>Keys that several server objects share, by kind.</summary>
    public required HashSet<(string Kind, string Key)> Ambiguous { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public string? IdOf(string kind, string key) => Ids.GetValueOrDefault((kind, key));

    /// <summary>Reads everything config as code manages from the server.</summary>
    public static async Task<ServerState> LoadAsync(ManagementClient client, CancellationToken ct)
    {
        var ids = new Dictionary<(string, string), string>();
        var ambiguous = new HashSet<(string, string)>();
        var warnings = new List<string>();

        var channelNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var channels = new List<ChannelDeclaration>();
        foreach (var item in Items(await client.GetAsync("api/v3/channels/", ct), "channels"))
        {
            var id = Text(item["id"]);
            var name = Text(item["name"]);
            channelNames[id] = name.Length > 0 ? name : id;
            if (!Claim(ids, ambiguous, warnings, "channel", name, id, "it has no name"))
            {
                continue;
            }

            // The list leaves configs out because they hold secrets; one channel's answer has it.
            var full = await client.GetAsync($"api/v3/channels/{id}", ct);
            var kind = Text(full["kind"]);
            var config = full["config"] as JsonObject ?? [];
            channels.Add(new ChannelDeclaration
            {
                Name = name,
                ChannelKind = kind,
                Config = ChannelConfigs.TryNormalize(kind, config, out var normalized, out _) ? normalized : config,
            });
        }

        var policyNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var policies = new List<PolicyDeclaration>();
        foreach (var item in Items(await client.GetAsync("api/v3/policies/", ct), "policies"))
        {
            var id = Text(item["id"]);
            var name = Text(item["name"]);
            policyNames[id] = name;
            if (!Claim(ids, ambiguous, warnings, "policy", name, id, "it has no name"))
            {
                continue;
            }

            policies.Add(new PolicyDeclaration
            {
                Name = name,
                Default = item["default"]?.GetValue<bool>() ?? false,
                RepeatEvery = item["repeat_every"]?.GetValue<long>(),
                Steps = [.. Items(item, "steps").Select(step => new PolicyStepDeclaration(
                    step["after"]?.GetValue<long>() ?? 0,
                    Strings(step["channels"]).Select(c => channelNames.GetValueOrDefault(c, c)).ToList(),
                    Strings(step["kinds"]),
                    step["message"] is JsonValue m && Text(m).Length > 0 ? Text(m) : null,
                    step["action"] is JsonObject action ? PolicyActions.Canonical(action) : null))],
            });
        }

        var checks = Items(await client.GetAsync("api/v3/checks/", ct), "checks").ToList();
        var slugs = checks.ToDictionary(c => Text(c["uuid"]), c => Text(c["slug"]), StringComparer.OrdinalIgnoreCase);
        var monitors = new List<MonitorDeclaration>();
        foreach (var check in checks)
        {
            var uuid = Text(check["uuid"]);
            var slug = Text(check["slug"]);
            if (uuid.Length == 0)
            {
                throw new ManagementApiException("the server did not show monitor uuids: the API key is read-only; config as code needs a read-write key");
            }

            if (!Claim(ids, ambiguous, warnings, "monitor", slug, uuid, $"it has no slug (name '{Text(check["name"])}')"))
            {
                continue;
            }

            var policy = Text(check["policy"]);
            monitors.Add(new MonitorDeclaration
            {
                Slug = slug,
                Name = Text(check["name"]),
                Tags = Text(check["tags"]).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                Desc = Text(check["desc"]),
                Timeout = check["timeout"]?.GetValue<long>(),
                Schedule = check["schedule"] is { } schedule ? Text(schedule) : null,
                Tz = check["tz"] is { } tz ? Text(tz) : null,
                Grace = check["grace"]?.GetValue<long>() ?? 0,
                MaxRuntime = check["max_runtime"]?.GetValue<long>() ?? 0,
                ManualResume = check["manual_resume"]?.GetValue<bool>() ?? false,
                Methods = Text(check["methods"]),
                Channels = Text(check["channels"]).Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => channelNames.GetValueOrDefault(c, c)).ToList(),
                Policy = policy.Length == 0 ? null : policyNames.GetValueOrDefault(policy, policy),
                DependsOn = Strings(check["depends_on"]).Select(u => slugs.GetValueOrDefault(u, u)).ToList(),
                Velocity = check["velocity"] is JsonValue v ? Text(v) : null,
                Platform = check["platform"] is JsonValue p ? Text(p) : null,
                SkuCount = check["sku_count"]?.GetValue<long>(),
                Source = check["source"] is JsonValue source ? Text(source) : null,
                Destination = check["destination"] is JsonValue destination ? Text(destination) : null,
                JobKind = check["kind"] is JsonValue kind ? Text(kind) : Stockbeat.Core.Checks.JobKinds.Sync,
                ErrorThreshold = check["error_threshold"]?.GetValue<double>() ?? 0.05,
                MinRuntime = check["min_runtime"] is JsonValue min ? min.GetValue<long>() : 0,
                MinEvents = check["min_events"]?.GetValue<long>(),
                Window = check["window"]?.GetValue<long>(),
                ActiveHours = check["active_hours"] is JsonValue hours ? Text(hours) : null,
                Rules = check["rules"] is JsonObject rules
                    ? rules.ToDictionary(r => r.Key, r => r.Value is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number ? number.GetValue<double>() : (double?)null)
                    : new Dictionary<string, double?>(),
            });
        }

        var windows = new List<WindowDeclaration>();
        foreach (var item in Items(await client.GetAsync("api/v3/maintenance/", ct), "maintenance"))
        {
            var id = Text(item["id"]);
            if (!Claim(ids, ambiguous, warnings, "window", Text(item["name"]), id, "it has no name"))
            {
                continue;
            }

            windows.Add(new WindowDeclaration
            {
                Name = Text(item["name"]),
                Monitors = Strings(item["checks"]).Select(u => slugs.GetValueOrDefault(u, u)).ToList(),
                Tags = Text(item["tags"]).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                Start = Time(item["start"]),
                End = Time(item["end"]),
                Schedule = item["schedule"] is JsonValue s ? Text(s) : null,
                Tz = item["tz"] is JsonValue z ? Text(z) : null,
                Duration = item["duration"]?.GetValue<long>(),
            });
        }

        return new ServerState
        {
            Current = new Declarations(
                Keep(channels, ambiguous), Keep(policies, ambiguous), Keep(monitors, ambiguous), Keep(windows, ambiguous)),
            Ids = ids,
            Ambiguous = ambiguous,
            Warnings = warnings,
        };
    }

    private static bool Claim(
        Dictionary<(string, string), string> ids, HashSet<(string, string)> ambiguous, List<string> warnings,
        string kind, string key, string id, string noKey)
    {
        if (key.Length == 0)
        {
            warnings.Add($"{kind} {id} is not managed by config as code: {noKey}");
            return false;
        }

        if (ids.TryAdd((kind, key), id))
        {
            return true;
        }

        if (ambiguous.Add((kind, key)))
        {
            warnings.Add($"{kind} '{key}' is not managed by config as code: several {kind}s on the server have this key; rename or delete all but one");
        }

        return false;
    }

    private static List<T> Keep<T>(List<T> declarations, HashSet<(string, string)> ambiguous) where T : IDeclaration =>
        [.. declarations.Where(d => !ambiguous.Contains((d.Kind, d.Key)))];

    private static IEnumerable<JsonObject> Items(JsonNode node, string name) =>
        (node[name] as JsonArray ?? []).OfType<JsonObject>();

    private static List<string> Strings(JsonNode? node) => [.. (node as JsonArray ?? []).Select(Text)];

    private static string Text(JsonNode? node) => node?.ToString() ?? "";

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue && DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;
}
