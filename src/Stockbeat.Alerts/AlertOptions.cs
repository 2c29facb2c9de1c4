namespace Stockbeat.Alerts;

/// <summary>Server-wide settings of the notification channels, bound from <c>Stockbeat:Alerts</c>.</summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Stockbeat:Alerts";

    /// <summary>The SMTP relay email channels send through (<c>Stockbeat:Alerts:Smtp</c>).</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The Twilio-compatible API SMS channels send through (<c>Stockbeat:Alerts:Twilio</c>).</summary>
    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>The PagerDuty Events API (<c>Stockbeat:Alerts:PagerDuty</c>).</summary>
    public PagerDutyOptions PagerDuty { get; set; } = new();

    /// <summary>
    /// How long one send may take, connecting included, before it counts as a transient failure
    /// (<c>Stockbeat:Alerts:SendTimeout</c>, default 10 s).
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text; only for a relay on the same host or network.</summary>
    None,

    /// <summary>Connect in plain text and require STARTTLS (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>The SMTP relay, <c>Stockbeat:Alerts:Smtp</c>. Email channels fail permanently while no host is set.</summary>
public sealed class SmtpOptions
{
    /// <summary>The relay's host name; empty disables email.</summary>
    public string? Host { get; set; }

    /// <summary>The relay's port, default 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured, default <see cref="SmtpSecurity.Auto"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>The user to authenticate as; no authentication when empty.</summary>
    public string? Username { get; set; }

    /// <summary>The password, required with <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, "alerts@example.com" or "Stockbeat &lt;alerts@example.com&gt;".</summary>
    public string From { get; set; } = "stockbeat@localhost";
}

/// <summary>The Twilio-compatible SMS API, <c>Stockbeat:Alerts:Twilio</c>.</summary>
public sealed class TwilioOptions
{
    /// <summary>The API's base URL, default https://api.twilio.com.</summary>
    public string BaseUrl { get; set; } = "https://api.twilio.com";
}

/// <summary>The PagerDuty Events API, <c>Stockbeat:Alerts:PagerDuty</c>.</summary>
public sealed class PagerDutyOptions
{
    /// <summary>The Events API v2 enqueue URL, default https://events.pagerduty.com/v2/enqueue.</summary>
    public string EventsUrl { get; set; } = "https://events.pagerduty.com/v2/enqueue";
}
