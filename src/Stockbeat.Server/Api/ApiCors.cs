using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Stockbeat.Server.Api;

/// <summary>
/// CORS for the management API as Healthchecks does it: any origin, the key in a header, preflight answered
/// with 204 before authentication.
/// </summary>
internal static class ApiCors
{
    // Every request passes here, pings included; those outside the API go straight on, without an async frame.
    public static IApplicationBuilder UseApiCors(this IApplicationBuilder app) => app.Use(next => context =>
        context.Request.Path.StartsWithSegments("/api/v3") ? AnswerAsync(context, next) : next(context));

    private static Task AnswerAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        if (!HttpMethods.IsOptions(context.Request.Method))
        {
            return next(context);
        }

        headers.AccessControlAllowHeaders = "X-Api-Key, Content-Type";
        headers.AccessControlAllowMethods = "GET, POST, DELETE, OPTIONS";
        headers.AccessControlMaxAge = "600";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
