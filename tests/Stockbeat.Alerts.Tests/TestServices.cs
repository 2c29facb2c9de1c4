using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Stockbeat.Alerts.Tests;

/// <summary>Builds the alert services the way the server does: <c>AddStockbeatAlerts</c> over configuration.</summary>
internal static class TestServices
{
    /// <summary>"Now" for every test: $NOW and the email Date header come from it.</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 4, 14, 30, 0, TimeSpan.Zero);

    /// <summary>A provider over <paramref name="settings"/>, keys relative to <c>Stockbeat:Alerts</c>.</summary>
    public static ServiceProvider Build(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{AlertOptions.Section}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddStockbeatAlerts(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The registered sender of <paramref name="kind"/>.</summary>
    public static IChannelSender Sender(this IServiceProvider services, string kind) =>
        services.GetRequiredService<ChannelSenders>().Find(kind) ?? throw new InvalidOperationException($"no sender for {kind}");

    /// <summary>Validates an API config the way the API will, and returns what would be stored.</summary>
    public static string Normalize(this IChannelSender sender, string configJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(configJson);
        Assert.True(sender.TryNormalizeConfig(document.RootElement, out var normalized, out var error), error);
        return normalized;
    }
}
