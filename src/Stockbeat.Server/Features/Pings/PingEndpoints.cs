using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stockbeat.Core.Pings;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Pings;

/// <summary>The Healthchecks-compatible ping API under <c>/ping/</c>.</summary>
internal static partial class PingEndpoints
{
    private const int MaxUserAgentLength = 200;

    public static IEndpointRouteBuilder MapPings(this IEndpointRouteBuilder routes)
    {
        // The services are singletons, taken once here: a handler that asks for them per request makes ASP.NET Core
        // create (and dispose) a service scope for every ping.
        var services = routes.ServiceProvider;
        var ingestor = services.GetRequiredService<PingIngestor>();
        var options = services.GetRequiredService<IOptions<StockbeatOptions>>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PingEndpoints));
        // Any method is a ping (the method is stored), so the route is not bound to GET/HEAD/POST alone.
        // Parsed once: the options validator has refused any entry that is not an IP address.
        var trustedProxies = options.Value.Ping.TrustedProxies.Select(IPAddress.Parse).ToArray();
        routes.Map("/ping/{**rest}", context => HandleAsync(context, ingestor, options.Value.Ping, trustedProxies, time, logger)).WithName("Ping");
        return routes;
    }

    private static async Task HandleAsync(
        HttpContext context, PingIngestor ingestor, PingOptions ping, IPAddress[] trustedProxies, TimeProvider time, ILogger logger)
    {
        var response = context.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.CacheControl = "max-age=0, no-cache, no-store, must-revalidate, private";
        response.Headers["Ping-Body-Limit"] = ping.BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A browser's CORS preflight before a cross-origin POST ping is not a ping.
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            response.Headers.AccessControlAllowMethods = "GET, HEAD, POST";
            response.Headers.AccessControlAllowHeaders = "Content-Type";
            response.Headers.AccessControlMaxAge = "600";
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var received = time.GetUtcNow();
        var rest = context.Request.RouteValues["rest"] as string ?? "";
        if (PingPathParser.Parse(rest, out var pathError) is not { } path)
        {
            await AnswerAsync(context, pathError == PingPathError.InvalidUrlFormat ? 400 : 404,
                pathError == PingPathError.InvalidUrlFormat ? "invalid url format" : "not found");
            return;
        }

        Guid? rid = null;
        var ridInvalid = false;
        if (context.Request.Query.TryGetValue("rid", out var ridText))
        {
            ridInvalid = !Guid.TryParse(ridText.ToString(), out var parsed);
            rid = ridInvalid ? null : parsed;
        }

        var trustedProxy = IsTrustedProxy(context, trustedProxies);
        var body = await ReadBodyAsync(context.Request, ping.BodyLimit, context.RequestAborted);
        // The report is parsed here, on the request's thread, so the single writer only stores.
        var submission = PingSubmission.FromRequest(
            path,
            create: path.Target is PingTarget.BySlug && context.Request.Query["create"] == "1",
            rid,
            ridInvalid,
            context.Request.Method.ToUpperInvariant(),
            RemoteAddress(context, trustedProxy),
            Scheme(context, trustedProxy),
            Truncate(context.Request.Headers.UserAgent.ToString(), MaxUserAgentLength),
            body,
            received);

        if (ingestor.TrySubmit(submission) is not { } answer)
        {
            response.Headers.RetryAfter = "1";
            await AnswerAsync(context, 503, "ping queue is full, retry");
            return;
        }

        PingResult result;
        try
        {
            result = await answer;
        }
        catch (Exception e)
        {
            LogStoreFailed(logger, e);
            response.Headers.RetryAfter = "5";
            await AnswerAsync(context, 503, "ping not stored, retry");
            return;
        }

        var (status, text) = result switch
        {
            PingResult.Ok => (200, "OK"),
            PingResult.Created => (201, "Created"),
            PingResult.NotFound => (404, "not found"),
            PingResult.InvalidUrlFormat => (400, "invalid url format"),
            PingResult.InvalidUuidFormat => (400, "invalid uuid format"),
            PingResult.AmbiguousSlug => (409, "ambiguous slug"),
            _ => (500, "unexpected result"),
        };
        await AnswerAsync(context, status, text);
    }

    private static Task AnswerAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(text);
    }

    // Keeps at most `limit` bytes and reads the rest to the end, so a long body is cut, never refused:
    // refusing it (or closing the connection) would make cron's curl retry a ping that was stored.
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        // Most pings are bodiless GETs: allocating (and zeroing) a body buffer for each would cost more than the ping.
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return [];
        }

        var buffer = new byte[request.ContentLength is { } length && length < limit ? (int)length : limit];
        var read = 0;
        try
        {
            while (read < buffer.Length)
            {
                var n = await request.Body.ReadAsync(buffer.AsMemory(read), ct);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }
        }
        catch (BadHttpRequestException)
        {
            // A malformed or aborted body: keep what was read.
            return buffer[..read];
        }

        await DiscardRestAsync(request.Body, ct);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    private static async Task DiscardRestAsync(Stream body, CancellationToken ct)
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await body.ReadAsync(scratch, ct) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // The client gave up sending; what was kept is stored.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static bool IsTrustedProxy(HttpContext context, IPAddress[] trustedProxies) =>
        trustedProxies.Length > 0
        && context.Connection.RemoteIpAddress is { } remote
        && trustedProxies.Any(proxy => proxy.Equals(remote) || (remote.IsIPv4MappedToIPv6 && proxy.Equals(remote.MapToIPv4())));

    private static string RemoteAddress(HttpContext context, bool trustedProxy)
    {
        var remote = context.Connection.RemoteIpAddress;
        var own = remote is null ? "" : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        if (!trustedProxy)
        {
            return own;
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var first = forwarded.Split(',')[0].Trim();
        if (first.Length == 0)
        {
            return own;
        }

        // "1.2.3.4:5678" and "[::1]:5678" carry a port; a bare IPv6 address does not.
        if (IPEndPoint.TryParse(first, out var endpoint))
        {
            return endpoint.Address.ToString();
        }

        return Truncate(first, 45);
    }

    private static string Scheme(HttpContext context, bool trustedProxy)
    {
        var proto = trustedProxy ? context.Request.Headers["X-Forwarded-Proto"].ToString() : null;
        return proto is "http" or "https" ? proto : context.Request.Scheme;
    }

    // Cuts at whole characters (runes), never inside a surrogate pair, as Healthchecks counts characters.
    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var length = 0;
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == max)
            {
                break;
            }

            length += rune.Utf16SequenceLength;
        }

        return text[..length];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A ping could not be stored.")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
