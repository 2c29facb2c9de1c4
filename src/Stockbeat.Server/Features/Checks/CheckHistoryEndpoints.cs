using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Server.Api;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Checks;

/// <summary>A monitor's pings and flips.</summary>
internal static class CheckHistoryEndpoints
{
    // The last second DateTimeOffset can hold; larger numbers are refused rather than overflowing.
    private const long MaxUnixSeconds = 253_402_300_799;

    // Healthchecks' limit for ?seconds= (one year).
    private const long MaxWindowSeconds = 31_536_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<IResult> ListPingsAsync(string id, HttpContext context, IStore store, IOptions<StockbeatOptions> options)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return error!;
        }

        var readOnly = context.Caller().ReadOnly;
        var api = $"{context.BaseUrl()}/api/v3/checks/{check.Uuid}";
        var pings = (await store.ListPingsAsync(check.Id, options.Value.Ping.KeepPings, context.RequestAborted))
            .Select(p => new
            {
                type = p.Kind.ToWire(),
                date = ApiJson.Time(p.Created),
                n = p.N,
                scheme = p.Scheme,
                remote_addr = p.RemoteAddress,
                method = p.Method,
                ua = p.UserAgent,
                rid = p.Rid?.ToString(),
                exitstatus = p.ExitStatus,
                body_url = p.BodySize > 0 && !readOnly ? $"{api}/pings/{p.N}/body" : null,
                duration = p.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : (double?)null,
            });
        return Results.Json(new { pings }, ApiJson.Options);
    }

    public static async Task<IResult> GetPingBodyAsync(string id, string n, HttpContext context, IStore store, IOptions<StockbeatOptions> options)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return error!;
        }

        if (context.Caller().ReadOnly)
        {
            return ApiErrors.Unauthorized("wrong api key");
        }

        if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return ApiErrors.BadRequest("invalid ping number");
        }

        var body = PingRetention.IsKept(number, check.PingCount, options.Value.Ping.KeepPings)
            ? await store.GetPingBodyAsync(check.Id, number, context.RequestAborted)
            : null;
        if (body is null)
        {
            return ApiErrors.NotFound("ping not found or has no body");
        }

        return IsUtf8(body)
            ? Results.Bytes(body, "text/plain; charset=utf-8")
            : Results.Bytes(body, "application/octet-stream");
    }

    public static async Task<IResult> ListFlipsAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return error!;
        }

        var query = context.Request.Query;
        var now = time.GetUtcNow();
        var since = DateTimeOffset.UnixEpoch;
        var until = DateTimeOffset.MaxValue;
        foreach (var name in (string[])["start", "end", "seconds"])
        {
            if (!query.TryGetValue(name, out var text))
            {
                continue;
            }

            if (!long.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || value > (name == "seconds" ? MaxWindowSeconds : MaxUnixSeconds))
            {
                return ApiErrors.BadRequest(name == "seconds"
                    ? $"invalid query: seconds must be a whole number from 0 to {MaxWindowSeconds}"
                    : $"invalid query: {name} must be a unix time in whole seconds");
            }

            // As Healthchecks: start and seconds are inclusive lower bounds, end is exclusive, all apply together.
            switch (name)
            {
                case "start":
                    since = Later(since, DateTimeOffset.FromUnixTimeSeconds(value));
                    break;
                case "end":
                    until = DateTimeOffset.FromUnixTimeSeconds(value).AddTicks(-1);
                    break;
                default:
                    since = Later(since, now.AddSeconds(-value));
                    break;
            }
        }

        var flips = await store.ListFlipsAsync(check.Id, since, until, context.RequestAborted);
        return Results.Json(
            new
            {
                flips = flips.Reverse().Select(f => new
                {
                    timestamp = ApiJson.Time(f.Flip.At),
                    up = f.Flip.To == CheckStatus.Up ? 1 : 0,
                }),
            },
            ApiJson.Options);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static bool IsUtf8(byte[] body)
    {
        try
        {
            StrictUtf8.GetCharCount(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
