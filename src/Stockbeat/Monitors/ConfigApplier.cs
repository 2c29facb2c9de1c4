using System.Text.Json.Nodes;

namespace Stockbeat.Monitors;

/// <summary>Carries out a <see cref="ChangeSet"/> against the management API, resolving keys to ids as it goes.</summary>
internal sealed class ConfigApplier(ManagementClient client, ServerState server, Declarations desired)
{
    private readonly Dictionary<(string Kind, string Key), string> _ids = new(server.Ids);

    /// <summary>Applies <paramref name="changes"/>; <paramref name="progress"/> hears of each change once it is done.</summary>
    /// <exception cref="ManagementApiException">The server refused a change; the message names the object.</exception>
    public async Task ApplyAsync(ChangeSet changes, Action<Change> progress, CancellationToken ct)
    {
        var recreatedChannels = new HashSet<string>(StringComparer.Ordinal);
        var saves = changes.Changes.Where(c => c.Action != ChangeAction.Delete).ToList();
        foreach (var change in saves.Where(c => c.Declaration is not WindowDeclaration))
        {
            await Guard(change, async () =>
            {
                switch (change.Declaration)
                {
                    case ChannelDeclaration channel:
                        if (await SaveChannelAsync(change, channel, ct))
                        {
                            recreatedChannels.Add(channel.Name);
                        }

                        break;
                    case PolicyDeclaration policy:
                        await SaveAsync(change, "policy", policy.Name, "api/v3/policies/", PolicyBody(policy), ct);
                        break;
                    case MonitorDeclaration monitor:
                        await SaveAsync(change, "monitor", monitor.Slug, "api/v3/checks/", MonitorBody(monitor, change), ct, id: "uuid");
                        break;
                }
            });
            progress(change);
        }

        // Upstream monitors can be named only once every monitor exists.
        await LinkMonitorsAsync(changes, recreatedChannels, ct);
        await RelinkPoliciesAsync(changes, recreatedChannels, ct);

        foreach (var change in saves.Where(c => c.Declaration is WindowDeclaration))
        {
            var window = (WindowDeclaration)change.Declaration;
            await Guard(change, async () =>
            {
                if (change.Action == ChangeAction.Update)
                {
                    // The API cannot edit a window: replace it.
                    await client.DeleteAsync($"api/v3/maintenance/{_ids[("window", window.Name)]}", ct);
                }

                var created = await client.PostAsync("api/v3/maintenance/", WindowBody(window), ct);
                _ids[("window", window.Name)] = created["id"]!.ToString();
            });
            progress(change);
        }

        foreach (var change in changes.Changes.Where(c => c.Action == ChangeAction.Delete))
        {
            var d = change.Declaration;
            var path = d.Kind switch
            {
                "channel" => "api/v3/channels/",
                "policy" => "api/v3/policies/",
                "monitor" => "api/v3/checks/",
                _ => "api/v3/maintenance/",
            };
            await Guard(change, () => client.DeleteAsync(path + _ids[(d.Kind, d.Key)], ct));
            progress(change);
        }
    }

    private static async Task Guard(Change change, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ManagementApiException e)
        {
            var d = change.Declaration;
            throw new ManagementApiException(
                $"{d.Origin ?? "server"}: {d.Kind} '{d.Key}': could not {change.Action.ToString().ToLowerInvariant()} it: {e.Message}");
        }
    }

    /// <summary>Creates or updates a channel; a change of kind needs a new channel. True when it was replaced.</summary>
    private async Task<bool> SaveChannelAsync(Change change, ChannelDeclaration channel, CancellationToken ct)
    {
        var body = new JsonObject { ["name"] = channel.Name, ["kind"] = channel.ChannelKind, ["config"] = channel.Config.DeepClone() };
        var replace = change.Action == ChangeAction.Update && change.Touches("kind");
        if (replace)
        {
            await client.DeleteAsync($"api/v3/channels/{_ids[("channel", channel.Name)]}", ct);
        }

        await SaveAsync(replace ? change with { Action = ChangeAction.Create } : change, "channel", channel.Name, "api/v3/channels/", body, ct);
        return replace;
    }

    private async Task SaveAsync(Change change, string kind, string key, string path, JsonObject body, CancellationToken ct, string id = "id")
    {
        var answer = change.Action == ChangeAction.Create
            ? await client.PostAsync(path, body, ct)
            : await client.PostAsync(path + _ids[(kind, key)], body, ct);
        _ids[(kind, key)] = answer[id]!.ToString();
    }

    /// <summary>
    /// Sets upstream monitors once all of them exist, and re-assigns channels that had to be re-created
    /// (deleting a channel removes it from every monitor).
    /// </summary>
    private async Task LinkMonitorsAsync(ChangeSet changes, HashSet<string> recreatedChannels, CancellationToken ct)
    {
        foreach (var monitor in desired.Monitors)
        {
            var change = changes.Changes.FirstOrDefault(c => ReferenceEquals(c.Declaration, monitor));
            var body = new JsonObject();
            if ((change?.Action == ChangeAction.Create && monitor.DependsOn.Count > 0) || change?.Touches("depends_on") == true)
            {
                body["depends_on"] = new JsonArray([.. monitor.DependsOn.Select(slug => (JsonNode?)_ids[("monitor", slug)])]);
            }

            if (change is null && monitor.Channels.Any(recreatedChannels.Contains))
            {
                body["channels"] = ChannelIds(monitor.Channels);
            }

            if (body.Count > 0)
            {
                await Guard(change ?? new Change(ChangeAction.Update, monitor, []),
                    () => client.PostAsync($"api/v3/checks/{_ids[("monitor", monitor.Slug)]}", body, ct));
            }
        }
    }

    /// <summary>Deleting a channel drops it from policy steps too: restore it in policies that did not change otherwise.</summary>
    private async Task RelinkPoliciesAsync(ChangeSet changes, HashSet<string> recreatedChannels, CancellationToken ct)
    {
        foreach (var policy in desired.Policies)
        {
            if (recreatedChannels.Count > 0
                && !changes.Changes.Any(c => ReferenceEquals(c.Declaration, policy))
                && policy.Steps.Any(s => s.Channels.Any(recreatedChannels.Contains)))
            {
                var change = new Change(ChangeAction.Update, policy, []);
                await Guard(change, () => SaveAsync(change, "policy", policy.Name, "api/v3/policies/", PolicyBody(policy), ct));
            }
        }
    }

    private JsonObject MonitorBody(MonitorDeclaration monitor, Change change)
    {
        var body = new JsonObject
        {
            ["name"] = monitor.Name,
            ["slug"] = monitor.Slug,
            ["tags"] = string.Join(' ', monitor.Tags),
            ["desc"] = monitor.Desc,
            // grace goes with velocity every time: a velocity alone would reset grace to its preset.
            ["grace"] = monitor.Grace,
            ["max_runtime"] = monitor.MaxRuntime,
            ["manual_resume"] = monitor.ManualResume,
            ["methods"] = monitor.Methods,
            ["channels"] = ChannelIds(monitor.Channels),
            ["policy"] = monitor.Policy is null ? "" : _ids[("policy", monitor.Policy)],
            ["velocity"] = monitor.Velocity ?? "",
            ["platform"] = monitor.Platform ?? "",
            ["source"] = monitor.Source ?? "",
            ["destination"] = monitor.Destination ?? "",
            ["kind"] = monitor.JobKind,
            ["error_threshold"] = monitor.ErrorThreshold,
            ["min_runtime"] = monitor.MinRuntime,
        };
        if (monitor.Schedule is not null)
        {
            body["schedule"] = monitor.Schedule;
            body["tz"] = monitor.Tz ?? "UTC";
        }
        else
        {
            body["timeout"] = monitor.Timeout ?? 86_400;
        }

        if (monitor.JobKind == Stockbeat.Core.Checks.JobKinds.EventFlow)
        {
            body["min_events"] = monitor.MinEvents ?? 1;
            body["window"] = monitor.Window ?? 3_600;
            body["active_hours"] = monitor.ActiveHours ?? "";
            body["tz"] = monitor.Tz ?? "UTC";
        }

        // Always sent: rules left out of the file reset the monitor to the defaults.
        body["rules"] = new JsonObject(monitor.Rules.Select(r =>
            KeyValuePair.Create(r.Key, (JsonNode?)(r.Value is { } threshold ? JsonValue.Create(threshold) : JsonValue.Create(false)))));
        if (monitor.SkuCount is > 0 || change.Touches("sku_count"))
        {
            // Removed from the file (or 0): cleared on the server.
            body["sku_count"] = monitor.SkuCount is > 0 ? monitor.SkuCount : null;
        }

        return body;
    }

    private JsonObject PolicyBody(PolicyDeclaration policy) => new()
    {
        ["name"] = policy.Name,
        ["default"] = policy.Default,
        ["repeat_every"] = policy.RepeatEvery,
        ["steps"] = new JsonArray([.. policy.Steps.Select(step => (JsonNode?)new JsonObject
        {
            ["after"] = step.After,
            ["channels"] = new JsonArray([.. step.Channels.Select(c => (JsonNode?)_ids[("channel", c)])]),
            ["kinds"] = new JsonArray([.. step.Kinds.Select(k => (JsonNode?)k)]),
            ["message"] = step.Message,
            ["action"] = step.Action?.DeepClone(),
        })]),
    };

    private JsonObject WindowBody(WindowDeclaration window)
    {
        var body = new JsonObject
        {
            ["name"] = window.Name,
            ["checks"] = new JsonArray([.. window.Monitors.Select(slug => (JsonNode?)_ids[("monitor", slug)])]),
            ["tags"] = string.Join(' ', window.Tags),
        };
        if (window.Schedule is not null)
        {
            body["schedule"] = window.Schedule;
            body["tz"] = window.Tz ?? "UTC";
            body["duration"] = window.Duration;
        }
        else
        {
            body["start"] = WindowDeclaration.Time(window.Start);
            body["end"] = WindowDeclaration.Time(window.End);
        }

        return body;
    }

    private string ChannelIds(IEnumerable<string> names) =>
        string.Join(',', names.Select(name => _ids[("channel", name)]));
}
