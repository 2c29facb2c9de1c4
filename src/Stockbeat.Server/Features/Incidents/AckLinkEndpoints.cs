using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Incidents;

/// <summary>
/// The signed acknowledgement link in alerts. GET shows a confirmation page and changes nothing, because chat
/// apps and mail scanners open links on their own; only the page's POST acknowledges.
/// </summary>
internal static class AckLinkEndpoints
{
    public static IEndpointRouteBuilder MapAckLinks(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ack/{id}/{signature}", (string id, string signature, AckLinks links) =>
            Parse(id, signature, links) is not { } incidentId
                ? Page(404, "This acknowledgement link is not valid.")
                : Page(200, $"""
                    <p>Acknowledge incident #{incidentId}? Escalation stops; the incident stays open until the monitor recovers.</p>
                    <form method="post"><button type="submit">Acknowledge</button></form>
                    """));
        routes.MapPost("/ack/{id}/{signature}", async (string id, string signature, AckLinks links, IStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (Parse(id, signature, links) is not { } incidentId)
            {
                return Page(404, "This acknowledgement link is not valid.");
            }

            var acknowledged = await store.AcknowledgeIncidentAsync(incidentId, "signed link", time.GetUtcNow(), ct);
            return acknowledged is null
                ? Page(409, $"Incident #{incidentId} was already acknowledged or is resolved.")
                : Page(200, $"Incident #{incidentId} is acknowledged. Escalation has stopped.");
        });
        return routes;
    }

    private static long? Parse(string id, string signature, AckLinks links) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var incidentId)
        && signature.Length == 22 && links.IsValid(incidentId, signature)
            ? incidentId
            : null;

    private static IResult Page(int status, string body) => Results.Content(
        $"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stockbeat</title>
        <meta name="viewport" content="width=device-width"></head>
        <body style="font-family:system-ui;max-width:40rem;margin:3rem auto">{(body.StartsWith('<') ? body : WebUtility.HtmlEncode(body))}</body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);
}
