namespace Stockbeat.Alerts;

/// <summary>What a notification is about.</summary>
public enum NotificationKind
{
    /// <summary>A monitor went down or reported a critical problem; an escalation step fired.</summary>
    Alert,

    /// <summary>The monitor recovered; sent to every channel that was told of the incident.</summary>
    Recovery,

    /// <summary>Someone acknowledged the incident (PagerDuty acknowledge; a short note elsewhere).</summary>
    Acknowledged,

    /// <summary>"Send a test notification" from the API.</summary>
    Test,

    /// <summary>An insight worth knowing (slower runs, rising backlog): told once, pages nobody, nothing to acknowledge.</summary>
    Warning,
}

/// <summary>Everything a channel needs to render one message. Senders never read the database.</summary>
/// <param name="Kind">Alert, recovery, acknowledgement or test.</param>
/// <param name="IncidentId">Stable incident id; PagerDuty's dedup key is derived from it.</param>
/// <param name="CheckUuid">The monitor's uuid.</param>
/// <param name="CheckName">The monitor's name.</param>
/// <param name="Slug">The monitor's slug.</param>
/// <param name="Tags">The monitor's tags.</param>
/// <param name="Status">The monitor's status word: down, up, …</param>
/// <param name="Reason">Why: missed, failed, timeout, success, test.</param>
/// <param name="Summary">One human sentence, e.g. "ERP to Amazon is down: no ping since 14:00 UTC (missed)".</param>
/// <param name="Message">An escalation step's own message, e.g. "Consider pausing sales on Amazon."</param>
/// <param name="At">When it happened.</param>
/// <param name="LastPing">The monitor's last success or failure ping.</param>
/// <param name="Step">The escalation step number (1-based), 0 when not from a step.</param>
/// <param name="MonitorUrl">Link to the monitor in Stockbeat.</param>
/// <param name="AckUrl">Signed single-use acknowledgement link, when the incident can still be acknowledged.</param>
public sealed record Notification(
    NotificationKind Kind,
    string IncidentId,
    Guid CheckUuid,
    string CheckName,
    string Slug,
    IReadOnlyList<string> Tags,
    string Status,
    string Reason,
    string Summary,
    string? Message,
    DateTimeOffset At,
    DateTimeOffset? LastPing,
    int Step,
    string? MonitorUrl,
    string? AckUrl);

/// <summary>How a send went.</summary>
public enum SendOutcome
{
    /// <summary>The receiver took it.</summary>
    Sent,

    /// <summary>Worth retrying later: timeout, connection refused, 429, 5xx, SMTP 4xx.</summary>
    Transient,

    /// <summary>Retrying will not help: 4xx other than 408/429, bad configuration, SMTP 5xx.</summary>
    Permanent,
}

/// <summary>The result of one send, with the receiver's error in words when it failed.</summary>
public sealed record SendResult(SendOutcome Outcome, string? Error)
{
    /// <summary>Success.</summary>
    public static readonly SendResult Ok = new(SendOutcome.Sent, null);
}

/// <summary>One kind of channel (slack, email, sms, webhook, pagerduty, teams, discord).</summary>
public interface IChannelSender
{
    /// <summary>The channel kind this sender handles, as stored and as used in the API.</summary>
    string Kind { get; }

    /// <summary>
    /// Validates a channel's <c>config</c> object from the API and returns it normalised as JSON for storage,
    /// or an error naming the field (e.g. "config.url must be an absolute https URL").
    /// </summary>
    bool TryNormalizeConfig(System.Text.Json.JsonElement config, out string normalizedJson, out string errorMessage);

    /// <summary>Sends one notification using a stored config. Never throws for receiver errors.</summary>
    Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct);
}
