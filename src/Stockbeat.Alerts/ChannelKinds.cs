namespace Stockbeat.Alerts;

/// <summary>The channel kinds Stockbeat can send to, as stored and as used in the API.</summary>
public static class ChannelKinds
{
    /// <summary>Slack incoming webhook.</summary>
    public const string Slack = "slack";

    /// <summary>Email over the server's SMTP relay.</summary>
    public const string Email = "email";

    /// <summary>SMS through a Twilio-compatible REST API.</summary>
    public const string Sms = "sms";

    /// <summary>Generic HTTP webhook with a templated body.</summary>
    public const string Webhook = "webhook";

    /// <summary>PagerDuty Events API v2.</summary>
    public const string PagerDuty = "pagerduty";

    /// <summary>Microsoft Teams incoming webhook or workflow.</summary>
    public const string Teams = "teams";

    /// <summary>Discord webhook.</summary>
    public const string Discord = "discord";
}
