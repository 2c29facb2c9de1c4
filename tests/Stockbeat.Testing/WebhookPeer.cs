using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stockbeat.Testing;

/// <summary>A request the peer received.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP receiver on a loopback port that records every request, standing in for Slack, a webhook
/// or PagerDuty. It answers with <see cref="StatusCode"/>, which a test may change.
/// </summary>
public sealed class WebhookPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();

    private WebhookPeer(WebApplication app) => _app = app;

    /// <summary>The status code answered to every request.</summary>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    /// <summary>The peer's base URL, e.g. http://127.0.0.1:40123.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Everything received so far.</summary>
    public List<ReceivedRequest> Requests { get; } = [];

    public static async Task<WebhookPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new WebhookPeer(app);
        app.Map("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(context.RequestAborted));
            lock (peer.Requests)
            {
                peer.Requests.Add(request);
            }

            await peer._received.Writer.WriteAsync(request, context.RequestAborted);
            context.Response.StatusCode = peer.StatusCode;
        });
        await app.StartAsync();
        peer.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
