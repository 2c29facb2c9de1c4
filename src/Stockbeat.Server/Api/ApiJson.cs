using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stockbeat.Server.Api;

/// <summary>JSON conventions of the management API: snake_case names, Healthchecks' time format.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Answers are JSON, never HTML: write '+' and non-ASCII as they are, as Healthchecks does.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>ISO 8601 in UTC without fractions, as Healthchecks writes it: <c>2026-11-28T16:02:03+00:00</c>.</summary>
    public static string? Time(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Whole seconds of a span.</summary>
    public static long Seconds(TimeSpan span) => (long)span.TotalSeconds;
}

/// <summary>Reads request bodies with a size cap.</summary>
internal static class ApiBody
{
    public const int MaxBytes = 64 * 1024;

    private const string ParsedItem = "stockbeat.api-body";

    /// <summary>
    /// The parsed JSON body, or an error message in Healthchecks' words. The body is read once per request and
    /// kept, because authentication may already have read it for an <c>api_key</c>.
    /// </summary>
    public static async Task<(JsonElement? Body, string? Error, int Status)> ReadAsync(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        if (request.HttpContext.Items[ParsedItem] is ValueTuple<JsonElement?, string?, int> parsed)
        {
            return parsed;
        }

        var result = await ParseAsync(request);
        request.HttpContext.Items[ParsedItem] = result;
        return result;
    }

    private static async Task<(JsonElement? Body, string? Error, int Status)> ParseAsync(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, "request body too large", 413);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes)
            {
                return (null, "request body too large", 413);
            }
        }

        if (buffer.Length == 0)
        {
            return (JsonDocument.Parse("{}").RootElement.Clone(), null, 200);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return (document.RootElement.Clone(), null, 200);
        }
        catch (JsonException)
        {
            return (null, "could not parse request body", 400);
        }
    }
}

/// <summary>Reads numbers from request JSON without throwing on other value kinds.</summary>
internal static class JsonNumbers
{
    /// <summary>A whole number that fits a long; false for strings, fractions, nulls and the like.</summary>
    public static bool TryWhole(this System.Text.Json.JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind == System.Text.Json.JsonValueKind.Number && value.TryGetInt64(out number);
    }

    /// <summary>Any finite number; false for other value kinds.</summary>
    public static bool TryNumber(this System.Text.Json.JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind == System.Text.Json.JsonValueKind.Number && value.TryGetDouble(out number) && double.IsFinite(number);
    }
}
