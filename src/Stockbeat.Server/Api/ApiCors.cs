using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Stockbeat.Server.Api;

/// <summary>
/// CORS for the management API as Healthchecks does it: any origin, the key in a header, preflight answered
/// with 204 before authentication.
/// </summary>
internal static class ApiCors
{
    public static IApplicationBuilder UseApiCors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api/v3"))
        {
            await next(context);
            return;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            headers.AccessControlAllowHeaders = "X-Api-Key, Content-Type";
            headers.AccessControlAllowMethods = "GET, POST, DELETE, OPTIONS";
            headers.AccessControlMaxAge = "600";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await next(context);
    });
}
