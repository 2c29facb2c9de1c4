using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Alerts;
using Stockbeat.Server.Api;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Channels;

/// <summary>
/// <c>/api/v3/channels</c>: Healthchecks' list, plus creating and deleting generic webhook channels so that
/// alerts can leave the process.
/// </summary>
internal static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v3/channels").AddEndpointFilter(ApiAuth.Require(write: false))
            .MapGet("/", ListAsync);
        var write = routes.MapGroup("/api/v3/channels").AddEndpointFilter(ApiAuth.Require(write: true));
        write.MapPost("/", CreateAsync);
        write.MapDelete("/{id}", DeleteAsync);
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IStore store)
    {
        var channels = await store.ListChannelsAsync(context.Caller().ProjectId, context.RequestAborted);
        return Results.Json(new { channels = channels.Select(ToJson) }, ApiJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var (body, bodyError, status) = await ApiBody.ReadAsync(context.Request);
        if (body is not { } json)
        {
            return ApiErrors.Error(status, bodyError!);
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return ApiErrors.BadRequest("json validation error: value is not an object");
        }

        var kind = Text(json, "kind") ?? "webhook";
        if (kind != "webhook")
        {
            return ApiErrors.BadRequest($"json validation error: kind '{kind}' is not supported (supported: webhook)");
        }

        var name = Text(json, "name") ?? "";
        if (name.Length > 100)
        {
            return ApiErrors.BadRequest("json validation error: name is too long");
        }

        Dictionary<string, string>? headers = null;
        if (json.TryGetProperty("headers", out var headerJson))
        {
            if (headerJson.ValueKind != JsonValueKind.Object
                || headerJson.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String))
            {
                return ApiErrors.BadRequest("json validation error: headers must be an object of strings");
            }

            headers = headerJson.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!);
        }

        if (!WebhookConfig.TryCreate(Text(json, "url"), Text(json, "method"), headers, out var config, out var error))
        {
            return ApiErrors.BadRequest($"json validation error: {error}");
        }

        var channel = await store.CreateChannelAsync(
            context.Caller().ProjectId, kind, name, config.ToJson(), time.GetUtcNow(), context.RequestAborted);
        return Results.Json(ToJson(channel), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IStore store)
    {
        if (!Guid.TryParseExact(id, "D", out var uuid))
        {
            return ApiErrors.BadRequest("invalid channel id: expected a uuid");
        }

        return await store.DeleteChannelAsync(context.Caller().ProjectId, uuid, context.RequestAborted)
            ? Results.NoContent()
            : ApiErrors.NotFound();
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static object ToJson(ChannelRecord channel) => new
    {
        id = channel.Uuid.ToString(),
        name = channel.Name,
        kind = channel.Kind,
        last_error = channel.LastError,
    };
}
