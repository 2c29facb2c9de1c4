using System.Net;
using System.Net.Sockets;
using System.Text;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>
/// The monitor the ping tests ping, and senders for pings with any method and headers, for pings whose answer may
/// never come, and for request targets that <see cref="HttpClient"/> would normalise or refuse.
/// </summary>
internal static class PingTestApi
{
    /// <summary>Creates the plain monitor the ping tests use (15 minutes' timeout, 5 minutes' grace) and returns its uuid.</summary>
    public static Task<string> CreateMonitorAsync(StockbeatHost host, string? slug = null) =>
        host.CreateCheckUuidAsync(slug is null
            ? new { name = "x", timeout = 900, grace = 300 }
            : new { name = "x", slug, timeout = 900, grace = 300 });

    /// <summary>GETs every path (all sent before any answer is judged) and checks each answer's status and, when given, text.</summary>
    public static async Task AssertAnswersAsync(StockbeatHost host, HttpStatusCode status, string? text, params string[] paths)
    {
        var answers = new List<ApiAnswer>();
        foreach (var path in paths)
        {
            answers.Add(await ApiCalls.GetAsync(host.Client, path));
        }

        foreach (var answer in answers)
        {
            Assert.Equal(status, answer.Status);
            if (text is not null)
            {
                Assert.Equal(text, answer.Text);
            }
        }
    }

    /// <summary>Sends a ping with any method, optional body and extra headers, without credentials.</summary>
    public static Task<HttpResponseMessage> SendAsync(
        StockbeatHost host, string method, string path, HttpContent? content = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"header {name}");
        }

        return host.Client.SendAsync(request, Ct);
    }

    /// <summary>A client that gives up after <paramref name="seconds"/>, for tests where a lost answer is the failure.</summary>
    public static HttpClient ImpatientClient(StockbeatHost host, HttpMessageHandler? handler = null, int seconds = 10) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(seconds) };

    /// <summary>Sends <paramref name="request"/>; no answer within the client's timeout fails with a clear message.</summary>
    public static async Task<HttpResponseMessage> SendOrTimeOutAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            return await client.SendAsync(request, Ct);
        }
        catch (TaskCanceledException e) when (!Ct.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{request.Method} {request.RequestUri}: no answer within {client.Timeout.TotalSeconds:0} s; the ping was never answered.", e);
        }
    }

    /// <summary>
    /// Sends <c>GET {target} HTTP/1.1</c> byte for byte (each char of <paramref name="target"/> one byte) over
    /// a fresh connection and returns the status code of the answer.
    /// </summary>
    public static async Task<int> SendRawGetAsync(StockbeatHost host, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Address.Host, host.Address.Port, Ct);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {host.Address.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var statusLine = await reader.ReadLineAsync(Ct);
        Assert.NotNull(statusLine);
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
