using System.Globalization;

namespace ErpToStoreSync;

/// <summary>The sample's configuration, from environment variables as a cron job or container gets it.</summary>
internal sealed record SyncSettings(Uri? ServerUrl, string? PingKey, string Monitor, int Skus, double StoreFailureRate)
{
    public static SyncSettings FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("STOCKBEAT_URL");
        return new SyncSettings(
            string.IsNullOrWhiteSpace(url) ? null : new Uri(url),
            Environment.GetEnvironmentVariable("STOCKBEAT_PING_KEY"),
            Environment.GetEnvironmentVariable("STOCKBEAT_MONITOR") ?? "erp-to-store",
            int.Parse(Environment.GetEnvironmentVariable("SYNC_SKUS") ?? "2000", CultureInfo.InvariantCulture),
            double.Parse(Environment.GetEnvironmentVariable("SYNC_FAILURE_RATE") ?? "0.01", CultureInfo.InvariantCulture));
    }
}
