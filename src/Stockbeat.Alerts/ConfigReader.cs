using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Stockbeat.Alerts;

/// <summary>
/// Reads a channel's <c>config</c> object field by field. The first problem found is kept as <see cref="Error"/>,
/// worded for the API caller and naming the field ("config.url must be …"); later reads then return defaults.
/// </summary>
internal sealed class ConfigReader
{
    private readonly JsonElement _config;

    private ConfigReader(JsonElement config, string? error)
    {
        _config = config;
        Error = error;
    }

    /// <summary>The first problem found, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Starts reading. Unknown fields are rejected so that a typo ("rooting_key") is reported instead of
    /// silently ignored.
    /// </summary>
    public static ConfigReader Open(JsonElement config, params string[] fields)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            return new ConfigReader(config, "config must be an object");
        }

        foreach (var property in config.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                return new ConfigReader(
                    config, $"config.{property.Name} is not a known field (expected: {string.Join(", ", fields)})");
            }
        }

        return new ConfigReader(config, null);
    }

    /// <summary>Records a problem unless an earlier one is already recorded.</summary>
    public void Fail(string error) => Error ??= error;

    /// <summary>The field's value when present and not null; nothing when an error is already recorded.</summary>
    public bool TryGet(string field, out JsonElement value)
    {
        if (Error is null && _config.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>An optional string, as given (not trimmed); null when absent or JSON null.</summary>
    public string? OptionalString(string field, int maxLength)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail($"config.{field} must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            Fail($"config.{field} must be at most {maxLength} characters");
            return null;
        }

        return text;
    }

    /// <summary>A required, non-blank string, trimmed.</summary>
    public string RequiredString(string field, int maxLength)
    {
        var text = OptionalString(field, maxLength)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            Fail($"config.{field} is required");
            return "";
        }

        return text;
    }

    /// <summary>A required absolute http or https URL.</summary>
    public string HttpUrl(string field)
    {
        var text = RequiredString(field, 2048);
        if (Error is null && !IsHttpUrl(text))
        {
            Fail($"config.{field} must be an absolute http or https URL");
        }

        return text;
    }

    /// <summary>Whether <paramref name="text"/> is an absolute http or https URL with a host.</summary>
    public static bool IsHttpUrl([NotNullWhen(true)] string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.Host.Length > 0;
}
