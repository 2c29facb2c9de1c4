using System.Text.Json;
using System.Text.Json.Serialization;
using Stockbeat.Core.Incidents;

namespace Stockbeat.Storage;

/// <summary>
/// The JSON form of policy steps, shared by storage and the API: times in seconds, channels by uuid.
/// <c>[{"after":0,"channels":["…"],"kinds":["slack"],"message":null,"action":{"url":"…","method":"POST","body":"…","undo":{…}}}]</c>
/// </summary>
public static class PolicyJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The steps as stored.</summary>
    public static string SerializeSteps(IReadOnlyList<EscalationStep> steps) =>
        JsonSerializer.Serialize(steps.Select(ToDto).ToList(), Options);

    /// <summary>The steps as plain objects, for embedding in API answers.</summary>
    public static IReadOnlyList<object> StepsForApi(IReadOnlyList<EscalationStep> steps) => [.. steps.Select(ToDto)];

    /// <summary>Reads stored steps.</summary>
    public static IReadOnlyList<EscalationStep> DeserializeSteps(string json) =>
        [.. (JsonSerializer.Deserialize<List<StepDto>>(json, Options) ?? []).Select(FromDto)];

    /// <summary>A policy from stored columns.</summary>
    public static EscalationPolicy Policy(string stepsJson, long? repeatEverySeconds) =>
        new(DeserializeSteps(stepsJson), repeatEverySeconds is { } r ? TimeSpan.FromSeconds(r) : null);

    private static StepDto ToDto(EscalationStep step) => new(
        (long)step.After.TotalSeconds, [.. step.Channels.Select(c => c.ToString())], [.. step.Kinds], step.Message,
        step.Action is null ? null : ToDto(step.Action));

    private static ActionDto ToDto(EscalationAction action) =>
        new(action.Url, action.Method, action.Body, action.Undo is null ? null : ToDto(action.Undo),
            action.Headers is { Count: > 0 } headers ? new Dictionary<string, string>(headers) : null);

    private static EscalationStep FromDto(StepDto dto) => new(
        TimeSpan.FromSeconds(dto.After), [.. dto.Channels.Select(Guid.Parse)], dto.Kinds, dto.Message,
        dto.Action is null ? null : FromDto(dto.Action));

    private static EscalationAction FromDto(ActionDto dto) =>
        new(dto.Url, dto.Method, dto.Body, dto.Undo is null ? null : FromDto(dto.Undo), dto.Headers);

    private sealed record StepDto(long After, List<string> Channels, List<string> Kinds, string? Message, ActionDto? Action);

    private sealed record ActionDto(string Url, string Method, string? Body, ActionDto? Undo, Dictionary<string, string>? Headers);

    /// <summary>An action as JSON (the payload of an action or undo delivery).</summary>
    public static string SerializeAction(EscalationAction action) => JsonSerializer.Serialize(ToDto(action), Options);

    /// <summary>Reads an action payload.</summary>
    public static EscalationAction DeserializeAction(string json) =>
        FromDto(JsonSerializer.Deserialize<ActionDto>(json, Options) ?? throw new FormatException("Empty action."));
}
