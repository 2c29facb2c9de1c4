using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts.Tests;

public sealed class AlertOptionsValidatorTests
{
    [Fact]
    public void Validate_Succeeds_WhenDefaults()
    {
        var result = new AlertOptionsValidator().Validate(null, new AlertOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("SendTimeout", "00:00:00", "Stockbeat:Alerts:SendTimeout must be more than 0 and at most 00:05:00 (got 00:00:00)")]
    [InlineData("SendTimeout", "00:10:00", "Stockbeat:Alerts:SendTimeout must be more than 0 and at most 00:05:00 (got 00:10:00)")]
    [InlineData("Smtp:Port", "0", "Stockbeat:Alerts:Smtp:Port must be between 1 and 65535 (got 0)")]
    [InlineData("Smtp:Port", "70000", "Stockbeat:Alerts:Smtp:Port must be between 1 and 65535 (got 70000)")]
    [InlineData("Smtp:Username", "stockbeat", "Stockbeat:Alerts:Smtp:Password is required when Stockbeat:Alerts:Smtp:Username is set")]
    [InlineData("Smtp:From", "stockbeat", "Stockbeat:Alerts:Smtp:From must be an email address, e.g. alerts@example.com (got 'stockbeat')")]
    [InlineData("Twilio:BaseUrl", "api.twilio.com", "Stockbeat:Alerts:Twilio:BaseUrl must be an absolute http or https URL (got 'api.twilio.com')")]
    [InlineData("PagerDuty:EventsUrl", "", "Stockbeat:Alerts:PagerDuty:EventsUrl must be an absolute http or https URL (got '')")]
    public void Value_ThrowsNamingKey_WhenSettingIsInvalid(string key, string value, string expected)
    {
        using var services = TestServices.Build((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AlertOptions>>().Value);

        Assert.Equal([expected], error.Failures);
    }

    [Fact]
    public void Validate_ThrowsAtStart_WhenSettingIsInvalid()
    {
        using var services = TestServices.Build(("Smtp:Security", "Sometimes"));

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Sometimes", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListsEveryProblem_WhenSeveralSettingsAreInvalid()
    {
        var options = new AlertOptions { SendTimeout = TimeSpan.FromSeconds(-1) };
        options.Smtp.Port = -1;
        options.Smtp.Security = (SmtpSecurity)42;

        var result = new AlertOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Stockbeat:Alerts:SendTimeout must be more than 0 and at most 00:05:00 (got -00:00:01)",
                "Stockbeat:Alerts:Smtp:Port must be between 1 and 65535 (got -1)",
                "Stockbeat:Alerts:Smtp:Security must be None, StartTls, SslOnConnect or Auto",
            ],
            result.Failures);
    }
}
