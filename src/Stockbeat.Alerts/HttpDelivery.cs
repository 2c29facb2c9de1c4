using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Stockbeat.Alerts;

/// <summary>Sends one HTTP request for a channel and classifies the answer the same way for every HTTP sender.</summary>
internal static class HttpDelivery
{
    /// <summary>How much of an error response is quoted back; enough for "invalid_token" or a JSON error object.</summary>
    private const int MaxQuotedBody = 200;

    /// <summary>
    /// Reads at most this much of an error body, so that a receiver answering with a large HTML page costs little.
    /// </summary>
    private const int MaxReadBody = 4096;

    /// <summary>
    /// JSON as receivers read it: the default encoder's escaping of &lt;, +, emoji and the like is only needed
    /// inside HTML, and makes payloads harder to read in a receiver's logs.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonSerializerOptions NodeJson = new() { Encoder = Encoder };

    /// <summary>A JSON request body, <c>application/json; charset=utf-8</c>.</summary>
    public static StringContent Json(JsonNode body) =>
        new(body.ToJsonString(NodeJson), Encoding.UTF8, "application/json");

    /// <summary>
    /// Sends <paramref name="request"/> within <paramref name="timeout"/>. 2xx is <see cref="SendOutcome.Sent"/>;
    /// 408, 429, 5xx, timeouts and connection errors are <see cref="SendOutcome.Transient"/>; anything else is
    /// <see cref="SendOutcome.Permanent"/>. Throws only when <paramref name="ct"/> is cancelled.
    /// </summary>
    public static async Task<SendResult> SendAsync(
        IHttpClientFactory clients, HttpRequestMessage request, TimeSpan timeout, CancellationToken ct)
    {
        // The named client has the same timeout; this one also covers reading the error body.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var http = clients.CreateClient(ChannelSenders.HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return SendResult.Ok;
            }

            var status = (int)response.StatusCode;
            var error = $"HTTP {status} {ReasonPhrase(response)}";
            var body = await ReadStartAsync(response.Content, deadline.Token);
            if (body.Length > 0)
            {
                error += ": " + body;
            }

            var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                || status >= 500;
            return new SendResult(transient ? SendOutcome.Transient : SendOutcome.Permanent, error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult(SendOutcome.Transient, $"timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new SendResult(SendOutcome.Transient, e.Message);
        }
    }

    private static string ReasonPhrase(HttpResponseMessage response) =>
        string.IsNullOrEmpty(response.ReasonPhrase)
            ? ReasonPhrases.GetReasonPhrase((int)response.StatusCode)
            : response.ReasonPhrase;

    /// <summary>The start of an error body on one line, cut to <see cref="MaxQuotedBody"/> characters.</summary>
    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken ct)
    {
        try
        {
            await using var stream = await content.ReadAsStreamAsync(ct);
            var buffer = new byte[MaxReadBody];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, length);
            return NotificationText.Truncate(NotificationText.OneLine(text), MaxQuotedBody);
        }
        catch (HttpRequestException)
        {
            // The status line already says what went wrong; a body cut off mid-way adds nothing.
            return "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
