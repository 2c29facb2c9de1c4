using System.Globalization;
using System.Text;

namespace Stockbeat.Client;

/// <summary>Turns a monitor reference (full ping URL, uuid or slug) and a ping into the URL to send it to.</summary>
internal static class PingUrls
{
    private const int MaxSegment = 100;

    /// <summary>The monitor's ping URL without a suffix, e.g. <c>https://sb/ping/{uuid}</c>.</summary>
    public static Uri Resolve(string monitor, StockbeatClientOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(monitor);
        if (monitor.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || monitor.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(monitor, UriKind.Absolute, out var url))
            {
                throw new ArgumentException($"'{monitor}' is not a valid ping URL.", nameof(monitor));
            }

            return url;
        }

        if (Guid.TryParseExact(monitor, "D", out var uuid))
        {
            return new Uri(ServerUrl(options, monitor), "ping/" + uuid.ToString("D"));
        }

        if (!IsSlug(monitor))
        {
            throw new ArgumentException(
                $"'{monitor}' is not a ping URL, a uuid or a slug (lower-case letters, digits, '-' and '_', at most {MaxSegment} characters).",
                nameof(monitor));
        }

        if (string.IsNullOrEmpty(options.PingKey))
        {
            throw new InvalidOperationException($"The monitor '{monitor}' is a slug, which needs the project's ping key: set StockbeatClientOptions.PingKey.");
        }

        var slugUrl = new Uri(ServerUrl(options, monitor), $"ping/{options.PingKey}/{monitor}");
        return options.CreateMissingMonitors ? new Uri(slugUrl + "?create=1") : slugUrl;
    }

    /// <summary>The URL of <paramref name="ping"/> to the monitor at <paramref name="monitorUrl"/>.</summary>
    public static Uri For(Uri monitorUrl, PingRequest ping)
    {
        var path = new StringBuilder(monitorUrl.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        var suffix = ping.Kind switch
        {
            PingKind.Start => "/start",
            PingKind.Fail => "/fail",
            PingKind.Log => "/log",
            PingKind.ExitStatus => "/" + ping.ExitStatus!.Value.ToString(CultureInfo.InvariantCulture),
            _ => "",
        };
        path.Append(suffix);
        var query = monitorUrl.Query.TrimStart('?');
        if (ping.RunId is { } rid)
        {
            query = query.Length == 0 ? $"rid={rid:D}" : $"{query}&rid={rid:D}";
        }

        if (query.Length > 0)
        {
            path.Append('?').Append(query);
        }

        return new Uri(path.ToString());
    }

    public static bool IsSlug(string value) =>
        value.Length is > 0 and <= MaxSegment && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    public static bool IsPingKey(string value) =>
        value.Length is > 0 and <= MaxSegment && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static Uri ServerUrl(StockbeatClientOptions options, string monitor)
    {
        var server = options.ServerUrl
            ?? throw new InvalidOperationException($"The monitor '{monitor}' is not a full ping URL, which needs the server's address: set StockbeatClientOptions.ServerUrl.");
        var text = server.ToString();
        return text.EndsWith('/') ? server : new Uri(text + "/");
    }
}
