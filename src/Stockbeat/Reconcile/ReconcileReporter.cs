using System.Net;
using System.Net.Http.Headers;

namespace Stockbeat.Reconcile;

/// <summary>
/// Sends a reconciliation's run to a monitor's ping URL: a start ping, then a success or <c>/fail</c> ping with the
/// same <c>rid</c> whose JSON body is the run report. Each ping is retried with backoff on network errors, 5xx and 429;
/// a ping that still fails is printed as a warning and never thrown, so monitoring never changes the exit code.
/// </summary>
internal sealed class ReconcileReporter(HttpClient http, TextWriter warnings, TimeProvider time)
{
    /// <summary>Waits between attempts: three attempts in all, about 3 s at worst before giving up on one ping.</summary>
    public static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly Guid _rid = Guid.NewGuid();

    /// <summary>Whether <paramref name="text"/> is an absolute http(s) URL; the error names the problem otherwise.</summary>
    public static bool TryParseUrl(string text, out Uri url, out string error)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            error = "";
            return true;
        }

        error = $"--report-to '{text}' is not an http(s) ping URL such as https://stockbeat.example.com/ping/<uuid>";
        return false;
    }

    /// <summary>The ping URL with a suffix (<c>/start</c>, <c>/fail</c> or none) and this run's <c>rid</c> added.</summary>
    public Uri PingUrl(Uri pingUrl, string suffix)
    {
        var builder = new UriBuilder(pingUrl);
        builder.Path = builder.Path.TrimEnd('/') + suffix;
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length == 0 ? "" : query + "&") + "rid=" + _rid.ToString("D");
        return builder.Uri;
    }

    public Task StartAsync(Uri pingUrl, CancellationToken ct) =>
        SendAsync(PingUrl(pingUrl, "/start"), json: null, "start", ct);

    /// <summary>Sends the finish ping: <c>/fail</c> when <paramref name="failed"/>, else success, with the report as body.</summary>
    public Task FinishAsync(Uri pingUrl, bool failed, string reportJson, CancellationToken ct) =>
        SendAsync(PingUrl(pingUrl, failed ? "/fail" : ""), reportJson, failed ? "fail" : "success", ct);

    private async Task SendAsync(Uri url, string? json, string what, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            string problem;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(AttemptTimeout);
                // A request (and its content) is disposed after each attempt, so every attempt builds its own.
                using var request = new HttpRequestMessage(json is null ? HttpMethod.Get : HttpMethod.Post, url);
                if (json is not null)
                {
                    request.Content = new StringContent(json);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                problem = $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!IsTransient(response.StatusCode))
                {
                    Warn(what, url, problem);
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                problem = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                problem = $"no answer within {AttemptTimeout.TotalSeconds:0} s";
            }

            if (attempt >= Backoff.Length)
            {
                Warn(what, url, $"{problem} (gave up after {attempt + 1} attempts)");
                return;
            }

            await Task.Delay(Backoff[attempt], time, ct);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout;

    private void Warn(string what, Uri url, string problem) =>
        warnings.WriteLine($"warning: the {what} ping to {url.GetLeftPart(UriPartial.Authority)} failed: {problem}; the reconciliation result is unchanged");
}
