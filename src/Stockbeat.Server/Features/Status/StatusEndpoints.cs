using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Status;

/// <summary><c>GET /api/v3/status</c>: for load balancers; no key needed.</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v3/status", async (IStore store, CancellationToken ct) =>
            await store.IsHealthyAsync(ct)
                ? Results.Text("OK")
                : Results.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable));
        return routes;
    }
}
