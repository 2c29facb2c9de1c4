using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>
/// The management-API calls the ping tests set up and inspect monitors with, and a raw HTTP/1.1 sender for
/// request targets that <see cref="HttpClient"/> would normalise or refuse.
/// </summary>
internal static class PingTestApi
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a monitor through <c>POST /api/v3/checks/</c> and returns its uuid.</summary>
    public static async Task<string> CreateMonitorAsync(StockbeatHost host, object spec)
    {
        using var response = await host.Api.PostAsJsonAsync("api/v3/checks/", spec, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return json.GetProperty("uuid").GetString()!;
    }

    /// <summary>The monitor as <c>GET /api/v3/checks/{uuid}</c> shows it.</summary>
    public static Task<JsonElement> GetMonitorAsync(StockbeatHost host, string uuid) =>
        host.Api.GetFromJsonAsync<JsonElement>($"api/v3/checks/{uuid}", Ct);

    /// <summary>All monitors of the project.</summary>
    public static async Task<JsonElement[]> ListMonitorsAsync(StockbeatHost host)
    {
        var json = await host.Api.GetFromJsonAsync<JsonElement>("api/v3/checks/", Ct);
        return [.. json.GetProperty("checks").EnumerateArray()];
    }

    /// <summary>The monitor's stored pings, newest first.</summary>
    public static async Task<JsonElement[]> GetPingsAsync(StockbeatHost host, string uuid)
    {
        var json = await host.Api.GetFromJsonAsync<JsonElement>($"api/v3/checks/{uuid}/pings/", Ct);
        return [.. json.GetProperty("pings").EnumerateArray()];
    }

    /// <summary>The body of ping number <paramref name="n"/>, byte for byte.</summary>
    public static async Task<byte[]> GetPingBodyAsync(StockbeatHost host, string uuid, long n)
    {
        using var response = await host.Api.GetAsync($"api/v3/checks/{uuid}/pings/{n}/body", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    /// <summary>Pauses the monitor through <c>POST /api/v3/checks/{uuid}/pause</c>.</summary>
    public static async Task PauseAsync(StockbeatHost host, string uuid)
    {
        using var response = await host.Api.PostAsync($"api/v3/checks/{uuid}/pause", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
