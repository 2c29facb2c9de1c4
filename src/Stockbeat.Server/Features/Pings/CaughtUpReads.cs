using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Stockbeat.Server.Features.Pings;

/// <summary>
/// Every request but a ping or the health check waits until the pings acknowledged before it are in the database: a
/// client that was told its ping is stored then reads (or edits) a monitor that has it. The health check reads
/// nothing a ping changes, and a load balancer must not see a node that is busy storing a burst as down.
/// </summary>
internal static class CaughtUpReads
{
    private static readonly PathString HealthPath = new("/api/v3/status");

    public static IApplicationBuilder UseCaughtUpReads(this IApplicationBuilder app)
    {
        var backlog = app.ApplicationServices.GetRequiredService<PingBacklog>();
        return app.Use((context, next) =>
            // The paths first: the count takes the backlog's lock, which pings need not touch.
            context.Request.Path.StartsWithSegments("/ping") || context.Request.Path.StartsWithSegments(HealthPath) || backlog.Count == 0
                ? next(context)
                : WaitThenAsync(backlog, context, next));
    }

    private static async Task WaitThenAsync(PingBacklog backlog, HttpContext context, RequestDelegate next)
    {
        await backlog.CatchUpAsync(context.RequestAborted);
        await next(context);
    }
}
