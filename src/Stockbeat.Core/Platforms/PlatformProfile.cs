namespace Stockbeat.Core.Platforms;

/// <summary>
/// What a sales channel's API allows a stock sync: how many calls in a window, how many items one call can
/// carry, and how long the channel takes to apply them.
/// </summary>
/// <param name="Id">Stable id used by the API, e.g. <c>ebay</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="CallsPerWindow">Calls (or mutations) allowed per <paramref name="Window"/>; null when the platform sets no limit.</param>
/// <param name="Window">The rate-limit window.</param>
/// <param name="ItemsPerCall">SKUs one call updates.</param>
/// <param name="ProcessingDelay">Time the platform takes after the last call before stock is live (Amazon feeds).</param>
/// <param name="Note">A caveat users should know, in one sentence.</param>
public sealed record PlatformProfile(
    string Id,
    string Name,
    double? CallsPerWindow,
    TimeSpan Window,
    int ItemsPerCall,
    TimeSpan ProcessingDelay,
    string Note)
{
    /// <summary>Calls allowed per day, or null when unlimited.</summary>
    public double? CallsPerDay => CallsPerWindow is { } calls ? calls * (TimeSpan.FromDays(1) / Window) : null;

    /// <summary>The built-in profiles, from the platforms' published limits.</summary>
    public static IReadOnlyList<PlatformProfile> BuiltIn { get; } =
    [
        new("shopify-rest", "Shopify REST Admin API", 40, TimeSpan.FromMinutes(1), 1, TimeSpan.Zero,
            "One inventory level per call; 40 requests a minute on a standard plan."),
        // 1000 cost points a minute; an inventory mutation of up to 250 items costs about 10 points.
        new("shopify-graphql", "Shopify GraphQL Admin API (bulk inventory mutations)", 100, TimeSpan.FromMinutes(1), 250, TimeSpan.Zero,
            "1000 cost points a minute; a 250-item inventory mutation costs about 10 points."),
        new("amazon-feeds", "Amazon Selling Partner feeds", 15, TimeSpan.FromHours(1), 100_000, TimeSpan.FromMinutes(15),
            "A feed is one submission; Amazon may take up to 15 minutes to process it before stock is live."),
        new("ebay", "eBay Inventory API", 5000, TimeSpan.FromDays(1), 25, TimeSpan.Zero,
            "5000 calls a day; bulkUpdatePriceQuantity carries up to 25 items."),
        new("woocommerce", "WooCommerce REST API", null, TimeSpan.FromMinutes(1), 100, TimeSpan.Zero,
            "Limits depend on the shop's server; batch endpoints take 100 items. Schedule with real cron, not wp-cron, which only runs when the site has visitors."),
    ];

    /// <summary>Finds a built-in profile by id.</summary>
    public static PlatformProfile? Find(string id) => BuiltIn.FirstOrDefault(p => p.Id == id);

    /// <summary>A custom profile: <paramref name="callsPerMinute"/> calls a minute, <paramref name="itemsPerCall"/> items each.</summary>
    public static PlatformProfile Custom(double callsPerMinute, int itemsPerCall) =>
        new("custom", "Custom API", callsPerMinute, TimeSpan.FromMinutes(1), itemsPerCall, TimeSpan.Zero, "Limits as given.");
}
