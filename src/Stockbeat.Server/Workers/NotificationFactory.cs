using System.Globalization;
using Microsoft.Extensions.Options;
using Stockbeat.Alerts;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Features.Incidents;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>Turns a delivery into the <see cref="Notification"/> a channel renders.</summary>
internal sealed class NotificationFactory(IOptions<StockbeatOptions> options, AckLinks ackLinks)
{
    public Notification Build(DeliveryWork work)
    {
        var (delivery, incident, check) = (work.Delivery, work.Incident, work.Check);
        var kind = delivery.Kind switch
        {
            "recovery" or "undo" => NotificationKind.Recovery,
            "ack" => NotificationKind.Acknowledged,
            _ => NotificationKind.Alert,
        };
        var baseUrl = BaseUrl;
        var step = delivery.Step > 0 ? incident.Policy.StepAt(delivery.Step - 1) : null;
        return new Notification(
            kind,
            incident.Id.ToString(CultureInfo.InvariantCulture),
            check.Uuid,
            check.Name,
            check.Slug,
            check.TagList,
            kind == NotificationKind.Recovery ? "up" : check.Status.ToWire(),
            kind == NotificationKind.Recovery ? "recovered" : incident.Reason.ToWire(),
            Summary(kind, check, incident),
            step?.Message,
            kind == NotificationKind.Alert ? incident.Opened : incident.Resolved ?? incident.Acknowledged ?? delivery.Created,
            check.LastPing,
            delivery.Step,
            $"{baseUrl}/api/v3/checks/{check.Uuid}",
            kind == NotificationKind.Alert && incident.Acknowledged is null ? ackLinks.Url(baseUrl, incident.Id) : null);
    }

    /// <summary>A notification for "send a test" on a channel.</summary>
    public static Notification Test(string channelName, DateTimeOffset now) => new(
        NotificationKind.Test, "test", Guid.Empty, "Stockbeat test", "stockbeat-test", [], "up", "test",
        $"This is a test notification from Stockbeat to channel '{channelName}'.", null, now, null, 0, null, null);

    private string BaseUrl => options.Value.PublicUrl?.TrimEnd('/') ?? StockbeatServer.DefaultUrls;

    private static string Summary(NotificationKind kind, Check check, IncidentRecord incident) => kind switch
    {
        NotificationKind.Recovery => $"{check.Name} recovered.",
        NotificationKind.Acknowledged => $"{check.Name}: incident #{incident.Id} acknowledged by {incident.AcknowledgedBy}.",
        _ => incident.Reason switch
        {
            FlipReason.Missed => $"{check.Name} is down: the expected ping did not arrive (last ping {When(check.LastPing)}).",
            FlipReason.Failed => $"{check.Name} is down: the job reported a failure.",
            FlipReason.Timeout => $"{check.Name} is down: a run started and did not finish in time.",
            _ => $"{check.Name} is down ({incident.Reason.ToWire()}).",
        },
    };

    private static string When(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";
}
