namespace Stockbeat.Alerts.Tests;

/// <summary>Notifications as the escalation worker would hand them to a sender.</summary>
internal static class Samples
{
    public static readonly Guid CheckUuid = Guid.Parse("5b8f2f6e-0a57-4c1e-9a53-3f2a8d7e9c11");

    public const string MonitorUrl = "https://stockbeat.example/checks/5b8f2f6e-0a57-4c1e-9a53-3f2a8d7e9c11";

    public const string AckUrl = "https://stockbeat.example/ack/inc-42?sig=0a1b2c";

    public const string Summary = "ERP to Amazon is down: no ping since 13:00 UTC (missed)";

    public const string Message = "Consider pausing sales on Amazon.";

    /// <summary>Step 2 of an incident: the monitor missed its run.</summary>
    public static Notification Alert() => new(
        Kind: NotificationKind.Alert,
        IncidentId: "inc-42",
        CheckUuid: CheckUuid,
        CheckName: "ERP to Amazon",
        Slug: "erp-to-amazon",
        Tags: ["erp", "amazon"],
        Status: "down",
        Reason: "missed",
        Summary: Summary,
        Message: Message,
        At: new DateTimeOffset(2025, 3, 4, 15, 15, 0, TimeSpan.FromHours(1)),
        LastPing: new DateTimeOffset(2025, 3, 4, 13, 0, 0, TimeSpan.Zero),
        Step: 2,
        MonitorUrl: MonitorUrl,
        AckUrl: AckUrl);

    /// <summary>
    /// The same incident closing. The ack link is left in on purpose: senders must not offer it on a recovery.
    /// </summary>
    public static Notification Recovery() => Alert() with
    {
        Kind = NotificationKind.Recovery,
        Status = "up",
        Reason = "success",
        Summary = "ERP to Amazon is up again after 75 minutes",
        Message = null,
        Step = 0,
        LastPing = new DateTimeOffset(2025, 3, 4, 14, 15, 0, TimeSpan.Zero),
    };

    public static Notification Acknowledged() => Alert() with
    {
        Kind = NotificationKind.Acknowledged,
        Summary = "Ada acknowledged the incident on ERP to Amazon",
        Message = null,
    };

    public static Notification Test() => Alert() with
    {
        Kind = NotificationKind.Test,
        IncidentId = "test-1",
        Reason = "test",
        Summary = "This is a test notification from Stockbeat for ERP to Amazon",
        Message = null,
        Step = 0,
        AckUrl = null,
    };

    public static Notification Of(NotificationKind kind) => kind switch
    {
        NotificationKind.Recovery => Recovery(),
        NotificationKind.Acknowledged => Acknowledged(),
        NotificationKind.Test => Test(),
        _ => Alert(),
    };
}
