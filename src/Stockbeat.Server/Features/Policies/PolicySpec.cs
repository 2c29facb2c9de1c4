using System.Text.Json;
using Stockbeat.Core.Incidents;
using Stockbeat.Server.Api;

namespace Stockbeat.Server.Features.Policies;

/// <summary>Reads and validates a policy from API JSON; errors name the field.</summary>
internal static class PolicySpec
{
    private const int MaxSteps = 20;
    private const long MaxAfterSeconds = 31_536_000;

    /// <param name="IsDefault">Null when the request did not say: a create makes a non-default policy, an update keeps the flag.</param>
    public sealed record Parsed(string Name, EscalationPolicy Policy, bool? IsDefault);

    /// <param name="body">The request body.</param>
    /// <param name="channels">The project's channels: uuid to kind.</param>
    /// <param name="kinds">The channel kinds Stockbeat can send to.</param>
    /// <param name="error">What is wrong, in words.</param>
    public static Parsed? Parse(JsonElement body, IReadOnlyDictionary<Guid, string> channels, IReadOnlyCollection<string> kinds, out string? error)
    {
        error = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "json validation error: value is not an object";
            return null;
        }

        var name = body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        if (name is null || name.Length is 0 or > 100)
        {
            error = "json validation error: name must be a string of 1 to 100 characters";
            return null;
        }

        if (!body.TryGetProperty("steps", out var stepsJson) || stepsJson.ValueKind != JsonValueKind.Array
            || stepsJson.GetArrayLength() is 0 or > MaxSteps)
        {
            error = $"json validation error: steps must be an array of 1 to {MaxSteps} steps";
            return null;
        }

        var steps = new List<EscalationStep>();
        var index = 0;
        foreach (var stepJson in stepsJson.EnumerateArray())
        {
            if (ParseStep(stepJson, $"steps[{index++}]", channels, kinds, out error) is not { } step)
            {
                return null;
            }

            steps.Add(step);
        }

        TimeSpan? repeat = null;
        if (body.TryGetProperty("repeat_every", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (!r.TryWhole(out var seconds) || seconds is < 60 or > 604_800)
            {
                error = "json validation error: repeat_every must be null or a number of seconds from 60 to 604800";
                return null;
            }

            repeat = TimeSpan.FromSeconds(seconds);
        }

        bool? isDefault = body.TryGetProperty("default", out var d) && d.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? d.GetBoolean()
            : null;
        return new Parsed(name, new EscalationPolicy([.. steps.OrderBy(s => s.After)], repeat), isDefault);
    }

    private static EscalationStep? ParseStep(
        JsonElement json, string path, IReadOnlyDictionary<Guid, string> channels, IReadOnlyCollection<string> kinds, out string? error)
    {
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = $"json validation error: {path} is not an object";
            return null;
        }

        if (!json.TryGetProperty("after", out var afterJson) || !afterJson.TryWhole(out var after) || after is < 0 or > MaxAfterSeconds)
        {
            error = $"json validation error: {path}.after must be a number of seconds from 0 to {MaxAfterSeconds}";
            return null;
        }

        var ids = new List<Guid>();
        if (json.TryGetProperty("channels", out var channelsJson))
        {
            if (channelsJson.ValueKind != JsonValueKind.Array)
            {
                error = $"json validation error: {path}.channels must be an array of channel ids";
                return null;
            }

            foreach (var item in channelsJson.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out var id) || !channels.ContainsKey(id))
                {
                    error = $"json validation error: {path}.channels has an unknown channel id: {item}";
                    return null;
                }

                ids.Add(id);
            }
        }

        var stepKinds = new List<string>();
        if (json.TryGetProperty("kinds", out var kindsJson))
        {
            if (kindsJson.ValueKind != JsonValueKind.Array
                || kindsJson.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String || !kinds.Contains(k.GetString()!)))
            {
                error = $"json validation error: {path}.kinds must be an array of channel kinds ({string.Join(", ", kinds)})";
                return null;
            }

            stepKinds.AddRange(kindsJson.EnumerateArray().Select(k => k.GetString()!));
        }

        string? message = null;
        if (json.TryGetProperty("message", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            message = m.ValueKind == JsonValueKind.String && m.GetString()!.Length <= 1000 ? m.GetString() : null;
            if (message is null)
            {
                error = $"json validation error: {path}.message must be a string of at most 1000 characters";
                return null;
            }
        }

        EscalationAction? action = null;
        if (json.TryGetProperty("action", out var a) && a.ValueKind != JsonValueKind.Null
            && (action = ParseAction(a, $"{path}.action", out error)) is null)
        {
            return null;
        }

        if (ids.Count == 0 && stepKinds.Count == 0 && action is null)
        {
            error = $"json validation error: {path} notifies nobody: give channels, kinds or an action";
            return null;
        }

        return new EscalationStep(TimeSpan.FromSeconds(after), ids, stepKinds, message, action);
    }

    private static EscalationAction? ParseAction(JsonElement json, string path, out string? error)
    {
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = $"json validation error: {path} is not an object";
            return null;
        }

        var url = json.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"json validation error: {path}.url must be an absolute http or https URL";
            return null;
        }

        var method = json.TryGetProperty("method", out var me) && me.ValueKind == JsonValueKind.String
            ? me.GetString()!.ToUpperInvariant()
            : "POST";
        if (method is not ("POST" or "PUT" or "GET"))
        {
            error = $"json validation error: {path}.method must be POST, PUT or GET";
            return null;
        }

        var body = json.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        if (body is not null && method == "GET")
        {
            error = $"json validation error: {path}.body cannot go with method GET";
            return null;
        }

        Dictionary<string, string>? headers = null;
        if (json.TryGetProperty("headers", out var h) && h.ValueKind != JsonValueKind.Null)
        {
            if (h.ValueKind != JsonValueKind.Object || h.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
            {
                error = $"json validation error: {path}.headers must be an object of strings";
                return null;
            }

            headers = h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        }

        EscalationAction? undo = null;
        if (json.TryGetProperty("undo", out var un) && un.ValueKind != JsonValueKind.Null
            && (undo = ParseAction(un, $"{path}.undo", out error)) is null)
        {
            return null;
        }

        return new EscalationAction(url, method, body, undo, headers);
    }
}
