using Microsoft.Extensions.Logging;

namespace Stockbeat.Client;

/// <summary>How a <see cref="StockbeatClient"/> reaches the server and how hard it tries.</summary>
public sealed class StockbeatClientOptions
{
    /// <summary>
    /// The server's base URL, e.g. <c>https://stockbeat.example.com</c>. Needed for monitors given by uuid or slug;
    /// not for full ping URLs.
    /// </summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>The project's ping key, needed for monitors given by slug (<c>/ping/{ping-key}/{slug}</c>).</summary>
    public string? PingKey { get; set; }

    /// <summary>Adds <c>?create=1</c> to slug URLs so that the server creates a monitor it does not know yet.</summary>
    public bool CreateMissingMonitors { get; set; }

    /// <summary>How long one attempt may take before it counts as failed and is retried. Default 10 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a failed ping is sent again (so at most <c>Retries + 1</c> attempts). Default 5.</summary>
    public int Retries { get; set; } = 5;

    /// <summary>The wait before the first retry; each further retry waits twice as long, with jitter. Default 1 second.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, whether from backoff or a server's <c>Retry-After</c>. Default 30 seconds.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The error rate (errors / total) above which <see cref="StockbeatRun.SucceedAsync"/> reports a failure instead,
    /// for new runs. Default 0.05 (5 %); <see langword="null"/> leaves the decision to the server.
    /// </summary>
    public double? ErrorThreshold { get; set; } = 0.05;

    /// <summary>Where delivery problems are logged. Default: nowhere.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// The HTTP client to send with, e.g. one from <c>IHttpClientFactory</c>. It is not disposed by the client. Its own
    /// <see cref="HttpClient.Timeout"/> should be at least <see cref="AttemptTimeout"/>. Default: a client of its own.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>The clock for backoff waits and attempt timeouts. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (ServerUrl is not null && (!ServerUrl.IsAbsoluteUri || (ServerUrl.Scheme != Uri.UriSchemeHttp && ServerUrl.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"ServerUrl must be an absolute http or https URL, not '{ServerUrl}'.", nameof(ServerUrl));
        }

        if (PingKey is not null && !PingUrls.IsPingKey(PingKey))
        {
            throw new ArgumentException("PingKey must be made of letters, digits, '-' and '_' (at most 100 characters).", nameof(PingKey));
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "AttemptTimeout must be positive.");
        }

        if (Retries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "Retries must be between 0 and 100.");
        }

        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialBackoff), InitialBackoff, "InitialBackoff and MaxBackoff must not be negative.");
        }

        ErrorThresholds.Validate(ErrorThreshold, nameof(ErrorThreshold));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
