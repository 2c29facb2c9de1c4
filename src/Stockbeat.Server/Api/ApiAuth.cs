using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Stockbeat.Storage;

namespace Stockbeat.Server.Api;

/// <summary>The caller of a management API request, as its API key says.</summary>
internal sealed record ApiCaller(long ProjectId, bool ReadOnly);

/// <summary>
/// Healthchecks' API key rules: the key comes in <c>X-Api-Key</c> or as <c>api_key</c> in a JSON body;
/// read-only keys may only read.
/// </summary>
internal static class ApiAuth
{
    private const string CallerItem = "stockbeat.api-caller";

    /// <summary>An endpoint filter that authenticates; <paramref name="write"/> refuses read-only keys.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Require(bool write) =>
        async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var key = context.Request.Headers["X-Api-Key"].ToString();
            if (key.Length == 0)
            {
                key = await KeyFromBodyAsync(context.Request) ?? "";
            }

            if (key.Length == 0)
            {
                return ApiErrors.Unauthorized("missing api key");
            }

            var store = context.RequestServices.GetRequiredService<IStore>();
            var match = key.Length > 200 ? null : await store.FindApiKeyAsync(KeyHash.Of(key), context.RequestAborted);
            if (match is null || (write && match.ReadOnly))
            {
                return ApiErrors.Unauthorized("wrong api key");
            }

            context.Items[CallerItem] = new ApiCaller(match.ProjectId, match.ReadOnly);
            return await next(invocation);
        };

    public static ApiCaller Caller(this HttpContext context) =>
        context.Items[CallerItem] as ApiCaller ?? throw new InvalidOperationException("The endpoint is not authenticated.");

    private static async Task<string?> KeyFromBodyAsync(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var (body, _, _) = await ApiBody.ReadAsync(request);
        return body is { ValueKind: JsonValueKind.Object } json
            && json.TryGetProperty("api_key", out var value)
            && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
