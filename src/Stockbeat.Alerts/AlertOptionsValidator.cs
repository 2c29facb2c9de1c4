using Microsoft.Extensions.Options;
using MimeKit;

namespace Stockbeat.Alerts;

/// <summary>Checks <see cref="AlertOptions"/> at start-up, naming each bad key by its configuration path.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    private static readonly TimeSpan MaxSendTimeout = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = AlertOptions.Section;
        var errors = new List<string>();

        if (options.SendTimeout <= TimeSpan.Zero || options.SendTimeout > MaxSendTimeout)
        {
            errors.Add($"{Prefix}:SendTimeout must be more than 0 and at most 00:05:00 (got {options.SendTimeout})");
        }

        var smtp = options.Smtp;
        if (smtp.Port is < 1 or > 65535)
        {
            errors.Add($"{Prefix}:Smtp:Port must be between 1 and 65535 (got {smtp.Port})");
        }

        if (!Enum.IsDefined(smtp.Security))
        {
            errors.Add($"{Prefix}:Smtp:Security must be None, StartTls, SslOnConnect or Auto");
        }

        if (!string.IsNullOrEmpty(smtp.Username) && string.IsNullOrEmpty(smtp.Password))
        {
            errors.Add($"{Prefix}:Smtp:Password is required when {Prefix}:Smtp:Username is set");
        }

        if (!MailboxAddress.TryParse(smtp.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            errors.Add($"{Prefix}:Smtp:From must be an email address, e.g. alerts@example.com (got '{smtp.From}')");
        }

        if (!ConfigReader.IsHttpUrl(options.Twilio.BaseUrl))
        {
            errors.Add($"{Prefix}:Twilio:BaseUrl must be an absolute http or https URL (got '{options.Twilio.BaseUrl}')");
        }

        if (!ConfigReader.IsHttpUrl(options.PagerDuty.EventsUrl))
        {
            errors.Add($"{Prefix}:PagerDuty:EventsUrl must be an absolute http or https URL (got '{options.PagerDuty.EventsUrl}')");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
