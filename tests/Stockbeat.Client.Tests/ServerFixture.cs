using System.Text;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Client.Tests;

/// <summary>Helpers for tests that drive the client against a real server on loopback.</summary>
internal static class ServerFixture
{
    /// <summary>A client for <paramref name="host"/> with its ping key and quick retries.</summary>
    public static StockbeatClient ClientFor(StockbeatHost host, Action<StockbeatClientOptions>? configure = null)
    {
        var options = new StockbeatClientOptions
        {
            ServerUrl = host.Address,
            PingKey = StockbeatHost.PingKey,
            Retries = 1,
            InitialBackoff = TimeSpan.FromMilliseconds(1),
        };
        configure?.Invoke(options);
        return new StockbeatClient(options);
    }

    /// <summary>The monitor's stored pings, oldest first.</summary>
    public static async Task<JsonElement[]> PingsAsync(StockbeatHost host, string uuid) =>
        [.. (await host.ListPingsAsync(uuid)).Reverse()];

    /// <summary>The stored body of <paramref name="ping"/> as text.</summary>
    public static async Task<string> BodyAsync(StockbeatHost host, string uuid, JsonElement ping) =>
        Encoding.UTF8.GetString(await host.GetPingBodyAsync(uuid, ping.GetProperty("n").GetInt64()));

    public static string? Rid(JsonElement ping) => ping.GetProperty("rid").GetString();

    public static string? Type(JsonElement ping) => ping.GetProperty("type").GetString();
}
