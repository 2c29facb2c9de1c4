using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts;

/// <summary>Registers the notification channel senders.</summary>
public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AlertOptions"/> (section <c>Stockbeat:Alerts</c>, validated at start), the
    /// <see cref="ChannelSenders.HttpClientName"/> HTTP client, one singleton <see cref="IChannelSender"/> per
    /// kind and the <see cref="ChannelSenders"/> registry. Uses a registered <see cref="TimeProvider"/>, or the
    /// system clock. Calling it twice registers nothing twice.
    /// </summary>
    public static IServiceCollection AddStockbeatAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(ChannelSenders.HttpClientName, (sp, http) =>
        {
            http.Timeout = sp.GetRequiredService<IOptions<AlertOptions>>().Value.SendTimeout;
            http.DefaultRequestHeaders.UserAgent.ParseAdd("Stockbeat");
        });

        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IChannelSender, SlackChannelSender>(),
            ServiceDescriptor.Singleton<IChannelSender, EmailChannelSender>(),
            ServiceDescriptor.Singleton<IChannelSender, SmsChannelSender>(),
            ServiceDescriptor.Singleton<IChannelSender, WebhookChannelSender>(),
            ServiceDescriptor.Singleton<IChannelSender, PagerDutyChannelSender>(),
            ServiceDescriptor.Singleton<IChannelSender, TeamsChannelSender>(),
            ServiceDescriptor.Singleton<IChannelSender, DiscordChannelSender>(),
        ]);
        services.TryAddSingleton<ChannelSenders>();
        return services;
    }
}
