using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Stockbeat.Client;

/// <summary>
/// Sends pings to Stockbeat (or any Healthchecks-compatible server) with a timeout per attempt and retries with
/// exponential backoff. Delivery problems are logged and returned, never thrown: monitoring must not break the job.
/// Only misuse throws (a malformed monitor reference, missing configuration). Thread-safe; share one instance.
/// </summary>
public sealed class StockbeatClient : IDisposable
{
    /// <summary>The body limit Stockbeat and Healthchecks use unless the server says otherwise (<c>Ping-Body-Limit</c>).</summary>
    public const int DefaultBodyLimit = 10_000;

    private const int MaxAnswerChars = 500;
    private static readonly ProductInfoHeaderValue UserAgent = new("Stockbeat.Client", typeof(StockbeatClient).Assembly.GetName().Version?.ToString(3));

    private readonly StockbeatClientOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;
    private int _bodyLimit = DefaultBodyLimit;

    /// <summary>
    /// The largest ping body the server takes, in bytes: its <c>Ping-Body-Limit</c> from the latest answer, or
    /// <see cref="DefaultBodyLimit"/> before the first one. Longer bodies are cut to their tail before sending.
    /// </summary>
    public int BodyLimit => Volatile.Read(ref _bodyLimit);

    /// <summary>Creates a client. The options are read now; later changes to them have no effect.</summary>
    /// <exception cref="ArgumentException">An option is out of range or malformed.</exception>
    public StockbeatClient(StockbeatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new StockbeatClientOptions
        {
            ServerUrl = options.ServerUrl,
            PingKey = options.PingKey,
            CreateMissingMonitors = options.CreateMissingMonitors,
            AttemptTimeout = options.AttemptTimeout,
            Retries = options.Retries,
            InitialBackoff = options.InitialBackoff,
            MaxBackoff = options.MaxBackoff,
            ErrorThreshold = options.ErrorThreshold,
            Logger = options.Logger,
            HttpClient = options.HttpClient,
            TimeProvider = options.TimeProvider,
        };
        _logger = options.Logger ?? NullLogger.Instance;
        _ownsHttp = options.HttpClient is null;
        _http = options.HttpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // Each attempt has its own timeout (AttemptTimeout).
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The error threshold new runs start with.</summary>
    public double? ErrorThreshold => _options.ErrorThreshold;

    /// <summary>
    /// The ping URL of <paramref name="monitor"/>: a full ping URL as given, a uuid under
    /// <see cref="StockbeatClientOptions.ServerUrl"/>, or a slug under the server URL and ping key.
    /// </summary>
    /// <exception cref="ArgumentException">The reference is none of the three.</exception>
    /// <exception cref="InvalidOperationException">A uuid or slug needs a server URL or ping key that is not set.</exception>
    public Uri PingUrl(string monitor) => PingUrls.Resolve(monitor, _options);

    /// <summary>Sends one ping to <paramref name="monitor"/> (a full ping URL, a uuid or a slug).</summary>
    /// <returns>Whether it was delivered; a ping that was not is also logged.</returns>
    /// <exception cref="ArgumentException">The monitor reference is malformed, or the ping has both a body and a report.</exception>
    /// <exception cref="InvalidOperationException">A uuid or slug needs a server URL or ping key that is not set.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<PingResult> PingAsync(string monitor, PingRequest ping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ping);
        var url = PingUrl(monitor);
        return SendAsync(monitor, url, ping, cancellationToken);
    }

    /// <summary>
    /// Starts a run of <paramref name="monitor"/>: sends a start ping with a fresh run id and returns the handle that
    /// reports the run's numbers and finishes it. Dispose the handle (<c>await using</c>): a run disposed before
    /// <see cref="StockbeatRun.SucceedAsync"/> or <see cref="StockbeatRun.FailAsync(Exception?, CancellationToken)"/>
    /// is reported as failed.
    /// </summary>
    /// <exception cref="ArgumentException">The monitor reference is malformed.</exception>
    /// <exception cref="InvalidOperationException">A uuid or slug needs a server URL or ping key that is not set.</exception>
    public async Task<StockbeatRun> StartAsync(string monitor, CancellationToken cancellationToken = default)
    {
        var url = PingUrl(monitor);
        var runId = Guid.NewGuid();
        var started = await SendAsync(monitor, url, PingRequest.Start with { RunId = runId }, cancellationToken).ConfigureAwait(false);
        return new StockbeatRun(this, monitor, url, runId, _options.ErrorThreshold, started);
    }

    /// <summary>Disposes the HTTP client if the client made it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal ILogger Logger => _logger;

    internal async Task<PingResult> SendAsync(string monitor, Uri monitorUrl, PingRequest ping, CancellationToken cancellationToken)
    {
        if (ping.Body is not null && ping.Report is not null)
        {
            throw new ArgumentException("A ping carries a plain-text Body or a Report, not both: put the text in RunReport.Log.", nameof(ping));
        }

        var url = PingUrls.For(monitorUrl, ping);
        var body = Body(ping);
        var attempts = _options.Retries + 1;
        int? status = null;
        string? answer = null;
        var problem = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, url);
                request.Headers.UserAgent.Add(UserAgent);
                if (body is not null)
                {
                    request.Content = new StringContent(body.Value.Text, Encoding.UTF8, body.Value.MediaType);
                }

                using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                answer = await ReadAnswerAsync(response, linked.Token).ConfigureAwait(false);
                RememberBodyLimit(response);
                if (response.IsSuccessStatusCode)
                {
                    ClientLog.Delivered(_logger, Describe(ping.Kind), monitor, status.Value, attempt);
                    return new PingResult(true, status, answer, attempt, ping.Kind);
                }

                problem = $"{status} {answer}".Trim();
                if (!IsRetryable(response.StatusCode))
                {
                    ClientLog.Refused(_logger, Describe(ping.Kind), monitor, problem);
                    return new PingResult(false, status, answer, attempt, ping.Kind);
                }

                retryAfter = RetryAfter(response.Headers.RetryAfter);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.AttemptTimeout.TotalSeconds:0.###} s");
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }

            if (attempt < attempts)
            {
                var delay = RetryDelays.After(attempt, retryAfter, _options.InitialBackoff, _options.MaxBackoff, Random.Shared.NextDouble());
                ClientLog.Retrying(_logger, Describe(ping.Kind), monitor, attempt, problem, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        ClientLog.GaveUp(_logger, Describe(ping.Kind), monitor, attempts, problem);
        return new PingResult(false, status, answer, attempts, ping.Kind);
    }

    private (string Text, string MediaType)? Body(PingRequest ping)
    {
        var limit = Volatile.Read(ref _bodyLimit);
        if (ping.Report is { HasValues: true } report)
        {
            return (report.ToJson(limit), "application/json");
        }

        var text = ping.Body ?? ping.Report?.Log;
        return string.IsNullOrEmpty(text) ? null : (Utf8Text.Tail(text, limit), "text/plain");
    }

    private void RememberBodyLimit(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Ping-Body-Limit", out var values)
            && int.TryParse(values.FirstOrDefault(), out var limit) && limit > 0)
        {
            Volatile.Write(ref _bodyLimit, limit);
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _options.TimeProvider.GetUtcNow(),
        _ => null,
    };

    private static string Describe(PingKind kind) => kind switch
    {
        PingKind.ExitStatus => "exit status",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length > MaxAnswerChars ? text[..MaxAnswerChars] : text.Trim();
    }
}
