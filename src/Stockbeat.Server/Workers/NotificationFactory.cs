using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stockbeat.Alerts;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Features.Incidents;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>Turns a delivery into the <see cref="Notification"/> a channel renders.</summary>
internal sealed class NotificationFactory(IOptions<StockbeatOptions> options, AckLinks ackLinks, IServiceProvider services)
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
            check.Status.ToWire(),
            kind == NotificationKind.Recovery ? RecoveryReason(check) : incident.Reason.ToWire(),
            Summary(kind, check, incident),
            step?.Message,
            kind == NotificationKind.Alert ? incident.Opened : incident.Resolved ?? incident.Acknowledged ?? delivery.Created,
            check.LastPing,
            delivery.Step,
            // No link to the monitor until the dashboard exists: the API link would need a key and would put
            // the monitor's uuid (its ping capability) into every chat message.
            null,
            kind == NotificationKind.Alert && incident.Acknowledged is null ? ackLinks.Url(baseUrl, incident.Id) : null);
    }

    /// <summary>A notification for "send a test" on a channel.</summary>
    public static Notification Test(string channelName, DateTimeOffset now) => new(
        NotificationKind.Test, "test", Guid.Empty, "Stockbeat test", "stockbeat-test", [], "up", "test",
        $"This is a test notification from Stockbeat to channel '{channelName}'.", null, now, null, 0, null, null);

    // Links must reach this server from a phone: Stockbeat:PublicUrl when set, else the address it listens on.
    private string BaseUrl => options.Value.PublicUrl?.TrimEnd('/')
        ?? services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
        ?? StockbeatServer.DefaultUrls;

    private static string RecoveryReason(Check check) => check.Status switch
    {
        CheckStatus.Up => "recovered",
        CheckStatus.Paused => "paused",
        _ => "resolved",
    };

    private static string Summary(NotificationKind kind, Check check, IncidentRecord incident) => kind switch
    {
        NotificationKind.Recovery => check.Status switch
        {
            CheckStatus.Up => $"{check.Name} recovered.",
            CheckStatus.Paused => $"{check.Name} was paused; incident #{incident.Id} is closed.",
            _ => $"Incident #{incident.Id} for {check.Name} was resolved by hand; the monitor is still {check.Status.ToWire()}.",
        },
        NotificationKind.Acknowledged => $"{check.Name}: incident #{incident.Id} acknowledged by {incident.AcknowledgedBy}.",
        _ => AlertSummary(check, incident),
    };

    // A failed run or a timeout says what exactly went wrong when the flip recorded it, e.g. the error rate.
    private static string AlertSummary(Check check, IncidentRecord incident) => (incident.Reason, incident.Detail) switch
    {
        (FlipReason.Failed or FlipReason.Timeout or FlipReason.Missed, { } detail) => $"{check.Name} is down: {detail}.",
        (FlipReason.Missed, _) => $"{check.Name} is down: the expected ping did not arrive (last ping {When(check.LastPing)}).",
        (FlipReason.Failed, _) => $"{check.Name} is down: the job reported a failure.",
        (FlipReason.Timeout, _) => $"{check.Name} is down: a run started and did not finish in time.",
        _ => $"{check.Name} is down ({incident.Reason.ToWire()}).",
    };

    private static string When(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";
}
