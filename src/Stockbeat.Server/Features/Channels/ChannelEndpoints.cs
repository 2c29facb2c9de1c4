using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Alerts;
using Stockbeat.Server.Api;
using Stockbeat.Server.Workers;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Channels;

/// <summary>
/// <c>/api/v3/channels</c>: Healthchecks' list, plus creating, updating, deleting and testing channels of every
/// kind Stockbeat can send to (slack, email, sms, webhook, pagerduty, teams, discord).
/// </summary>
internal static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v3/channels").AddEndpointFilter(ApiAuth.Require(write: false)).MapGet("/", ListAsync);
        var write = routes.MapGroup("/api/v3/channels").AddEndpointFilter(ApiAuth.Require(write: true));
        write.MapGet("/{id}", GetAsync);
        write.MapPost("/", CreateAsync);
        write.MapPost("/{id}", UpdateAsync);
        write.MapDelete("/{id}", DeleteAsync);
        write.MapPost("/{id}/test", TestAsync);
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IStore store)
    {
        var channels = await store.ListChannelsAsync(context.Caller().ProjectId, context.RequestAborted);
        return Results.Json(new { channels = channels.Select(c => ToJson(c, withConfig: false)) }, ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IStore store)
    {
        var channel = await FindAsync(id, context, store);
        return channel is null ? ApiErrors.NotFound() : Results.Json(ToJson(channel, withConfig: true), ApiJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IStore store, ChannelSenders senders, TimeProvider time)
    {
        var (json, error) = await ReadObjectAsync(context);
        if (json is not { } body)
        {
            return error!;
        }

        var kind = Text(body, "kind") ?? "webhook";
        if (senders.Find(kind) is not { } sender)
        {
            return ApiErrors.BadRequest($"json validation error: kind '{kind}' is not supported (supported: {string.Join(", ", senders.Kinds)})");
        }

        var name = Text(body, "name") ?? "";
        if (name.Length > 100)
        {
            return ApiErrors.BadRequest("json validation error: name is too long");
        }

        if (!TryConfig(body, sender, out var config, out var configError))
        {
            return ApiErrors.BadRequest(configError);
        }

        var channel = await store.CreateChannelAsync(context.Caller().ProjectId, kind, name, config, time.GetUtcNow(), context.RequestAborted);
        return Results.Json(ToJson(channel, withConfig: true), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, IStore store, ChannelSenders senders)
    {
        var channel = await FindAsync(id, context, store);
        if (channel is null)
        {
            return ApiErrors.NotFound();
        }

        var (json, error) = await ReadObjectAsync(context);
        if (json is not { } body)
        {
            return error!;
        }

        var name = Text(body, "name") ?? channel.Name;
        if (name.Length > 100)
        {
            return ApiErrors.BadRequest("json validation error: name is too long");
        }

        var config = channel.Config;
        if (body.TryGetProperty("config", out _) || body.TryGetProperty("url", out _))
        {
            if (senders.Find(channel.Kind) is not { } sender)
            {
                return ApiErrors.BadRequest($"kind '{channel.Kind}' is not supported");
            }

            if (!TryConfig(body, sender, out config, out var configError))
            {
                return ApiErrors.BadRequest(configError);
            }
        }

        var updated = await store.UpdateChannelAsync(channel.ProjectId, channel.Uuid, name, config, context.RequestAborted);
        return updated is null ? ApiErrors.NotFound() : Results.Json(ToJson(updated, withConfig: true), ApiJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IStore store) =>
        Guid.TryParseExact(id, "D", out var uuid) && await store.DeleteChannelAsync(context.Caller().ProjectId, uuid, context.RequestAborted)
            ? Results.NoContent()
            : Guid.TryParseExact(id, "D", out _) ? ApiErrors.NotFound() : ApiErrors.BadRequest("invalid channel id: expected a uuid");

    private static async Task<IResult> TestAsync(string id, HttpContext context, IStore store, ChannelSenders senders, TimeProvider time)
    {
        var channel = await FindAsync(id, context, store);
        if (channel is null)
        {
            return ApiErrors.NotFound();
        }

        var result = senders.Find(channel.Kind) is { } sender
            ? await sender.SendAsync(channel.Config, NotificationFactory.Test(channel.Name, time.GetUtcNow()), context.RequestAborted)
            : new SendResult(SendOutcome.Permanent, $"kind '{channel.Kind}' is not supported");
        await store.SetChannelErrorAsync(channel.Id, result.Error, time.GetUtcNow(), context.RequestAborted);
        return result.Outcome == SendOutcome.Sent
            ? Results.Json(new { ok = true }, ApiJson.Options)
            : ApiErrors.Error(StatusCodes.Status502BadGateway, $"the channel did not take the test notification: {result.Error}");
    }

    // "config" is the documented shape; a webhook may also give url/method/headers at the top level, as in the
    // first API version.
    private static bool TryConfig(JsonElement body, IChannelSender sender, out string config, out string error)
    {
        if (body.TryGetProperty("config", out var configJson))
        {
            return Validate(sender, configJson, out config, out error);
        }

        using var legacy = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            url = Text(body, "url"),
            method = Text(body, "method"),
            headers = body.TryGetProperty("headers", out var h) ? h : default(JsonElement?),
        }));
        return Validate(sender, legacy.RootElement, out config, out error);
    }

    private static bool Validate(IChannelSender sender, JsonElement config, out string normalized, out string error)
    {
        var ok = sender.TryNormalizeConfig(config, out normalized, out error);
        error = ok ? "" : $"json validation error: {error}";
        return ok;
    }

    private static async Task<(JsonElement? Body, IResult? Error)> ReadObjectAsync(HttpContext context)
    {
        var (body, bodyError, status) = await ApiBody.ReadAsync(context.Request);
        if (body is not { } json)
        {
            return (null, ApiErrors.Error(status, bodyError!));
        }

        return json.ValueKind == JsonValueKind.Object
            ? (json, null)
            : (null, ApiErrors.BadRequest("json validation error: value is not an object"));
    }

    private static async Task<ChannelRecord?> FindAsync(string id, HttpContext context, IStore store) =>
        Guid.TryParseExact(id, "D", out var uuid)
            ? (await store.ListChannelsAsync(context.Caller().ProjectId, context.RequestAborted)).FirstOrDefault(c => c.Uuid == uuid)
            : null;

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static object ToJson(ChannelRecord channel, bool withConfig) => new
    {
        id = channel.Uuid.ToString(),
        name = channel.Name,
        kind = channel.Kind,
        last_error = channel.LastError,
        config = withConfig ? JsonDocument.Parse(channel.Config).RootElement : (JsonElement?)null,
    };
}
