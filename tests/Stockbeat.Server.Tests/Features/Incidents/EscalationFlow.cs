using Stockbeat.Server.Workers;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Features.Incidents;

/// <summary>Drives incidents through real HTTP and the real worker passes, one pass at a time.</summary>
internal static class EscalationFlow
{
    /// <summary>A server whose SMS and PagerDuty base URLs point at <paramref name="peer"/> and email at <paramref name="smtp"/>.</summary>
    public static Task<StockbeatHost> StartAsync(WebhookPeer peer, Backend backend = Backend.Sqlite, SmtpPeer? smtp = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Stockbeat:Alerts:Twilio:BaseUrl"] = peer.Url,
            ["Stockbeat:Alerts:PagerDuty:EventsUrl"] = peer.Url + "/pagerduty",
            ["Stockbeat:PublicUrl"] = "https://stockbeat.example.com",
        };
        if (smtp is not null)
        {
            settings["Stockbeat:Alerts:Smtp:Host"] = "127.0.0.1";
            settings["Stockbeat:Alerts:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Stockbeat:Alerts:Smtp:Security"] = "None";
        }

        return StockbeatHost.StartAsync(backend, settings);
    }

    /// <summary>One escalation pass and one delivery pass, as the alert worker runs them.</summary>
    public static async Task RunAlertPassesAsync(this StockbeatHost host)
    {
        await host.Get<EscalationPass>().RunOnceAsync(Ct);
        await host.Get<DeliveryPass>().RunOnceAsync(Ct);
    }

    /// <summary>Advances the fake clock and runs the passes.</summary>
    public static async Task AdvanceAsync(this StockbeatHost host, TimeSpan by)
    {
        host.Time.Advance(by);
        await host.RunAlertPassesAsync();
    }

    /// <summary>Requests the peer received at a path (prefix).</summary>
    public static List<ReceivedRequest> To(this WebhookPeer peer, string pathPrefix)
    {
        lock (peer.Requests)
        {
            return [.. peer.Requests.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal))];
        }
    }
}
