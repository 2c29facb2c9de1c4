using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts.Tests;

public sealed class AddStockbeatAlertsTests
{
    [Fact]
    public void Kinds_ListsEveryChannelKind_WhenRegistered()
    {
        using var services = TestServices.Build();

        var senders = services.GetRequiredService<ChannelSenders>();

        Assert.Equal(["slack", "email", "sms", "webhook", "pagerduty", "teams", "discord"], senders.Kinds);
        Assert.All(senders.Kinds, kind => Assert.Equal(kind, senders.Find(kind)!.Kind));
    }

    [Fact]
    public void Find_ReturnsSingleton_WhenKindIsKnown()
    {
        using var services = TestServices.Build();

        var found = services.GetRequiredService<ChannelSenders>().Find("pagerduty");

        Assert.IsType<PagerDutyChannelSender>(found);
        Assert.Same(found, services.GetServices<IChannelSender>().Single(s => s.Kind == "pagerduty"));
    }

    [Theory]
    [InlineData("sms-gateway")]
    [InlineData("Slack")]
    [InlineData("")]
    public void Find_ReturnsNull_WhenKindIsUnknown(string kind)
    {
        using var services = TestServices.Build();

        Assert.Null(services.GetRequiredService<ChannelSenders>().Find(kind));
    }

    [Fact]
    public void AddStockbeatAlerts_RegistersEachSenderOnce_WhenCalledTwice()
    {
        var configuration = new ConfigurationBuilder().Build();
        var collection = new ServiceCollection();

        collection.AddStockbeatAlerts(configuration).AddStockbeatAlerts(configuration);

        using var services = collection.BuildServiceProvider();
        Assert.Equal(7, services.GetServices<IChannelSender>().Count());
        Assert.Single(services.GetServices<IValidateOptions<AlertOptions>>());
        Assert.Equal(7, services.GetRequiredService<ChannelSenders>().Kinds.Count);
    }

    [Fact]
    public void Value_BindsEveryKey_WhenConfigured()
    {
        using var services = TestServices.Build(
            ("Smtp:Host", "smtp.shop.example"),
            ("Smtp:Port", "465"),
            ("Smtp:Security", "SslOnConnect"),
            ("Smtp:Username", "stockbeat"),
            ("Smtp:Password", "pa55"),
            ("Smtp:From", "alerts@shop.example"),
            ("Twilio:BaseUrl", "https://sms.shop.example"),
            ("PagerDuty:EventsUrl", "https://pd.shop.example/v2/enqueue"),
            ("SendTimeout", "00:00:30"));

        var options = services.GetRequiredService<IOptions<AlertOptions>>().Value;

        Assert.Equal("smtp.shop.example", options.Smtp.Host);
        Assert.Equal(465, options.Smtp.Port);
        Assert.Equal(SmtpSecurity.SslOnConnect, options.Smtp.Security);
        Assert.Equal("stockbeat", options.Smtp.Username);
        Assert.Equal("pa55", options.Smtp.Password);
        Assert.Equal("alerts@shop.example", options.Smtp.From);
        Assert.Equal("https://sms.shop.example", options.Twilio.BaseUrl);
        Assert.Equal("https://pd.shop.example/v2/enqueue", options.PagerDuty.EventsUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), options.SendTimeout);
    }

    [Fact]
    public void Value_HasDocumentedDefaults_WhenNothingIsConfigured()
    {
        using var services = TestServices.Build();

        var options = services.GetRequiredService<IOptions<AlertOptions>>().Value;

        Assert.Null(options.Smtp.Host);
        Assert.Equal(587, options.Smtp.Port);
        Assert.Equal(SmtpSecurity.Auto, options.Smtp.Security);
        Assert.Equal("stockbeat@localhost", options.Smtp.From);
        Assert.Equal("https://api.twilio.com", options.Twilio.BaseUrl);
        Assert.Equal("https://events.pagerduty.com/v2/enqueue", options.PagerDuty.EventsUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.SendTimeout);
    }

    [Fact]
    public void CreateClient_HasSendTimeout_WhenNamedAlertClient()
    {
        using var services = TestServices.Build(("SendTimeout", "00:00:07"));

        using var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(ChannelSenders.HttpClientName);

        Assert.Equal(TimeSpan.FromSeconds(7), http.Timeout);
    }

    [Fact]
    public void Constructor_Throws_WhenTwoSendersShareAKind()
    {
        using var services = TestServices.Build();
        var slack = services.GetRequiredService<ChannelSenders>().Find("slack")!;

        var error = Assert.Throws<InvalidOperationException>(() => new ChannelSenders([slack, slack]));

        Assert.Equal("Two channel senders handle kind 'slack'.", error.Message);
    }
}
