using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stockbeat.Client.Tests;

/// <summary>
/// A real HTTP peer on loopback that fails the first <c>failures</c> requests (with a status and optional
/// <c>Retry-After</c>, or by never answering) and answers <c>200 OK</c> afterwards; it counts what it received.
/// </summary>
internal sealed class FlakyPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FlakyPeer(WebApplication app) => _app = app;

    /// <summary>The peer's base URL with a trailing slash.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Released once for each request that arrives.</summary>
    public SemaphoreSlim Arrivals { get; } = new(0);

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The bodies received, in order.</summary>
    public List<string> Bodies { get; } = [];

    /// <param name="failures">How many requests fail before the peer answers 200.</param>
    /// <param name="status">The status of a failed request; 0 means it is never answered.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header of a failed request, if any.</param>
    public static async Task<FlakyPeer> StartAsync(int failures, int status = 503, string? retryAfter = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new FlakyPeer(app);
        app.Map("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (peer.Bodies)
            {
                peer.Bodies.Add(body);
            }

            var number = Interlocked.Increment(ref peer._requests);
            peer.Arrivals.Release();
            if (number > failures)
            {
                await context.Response.WriteAsync("OK", context.RequestAborted);
                return;
            }

            if (status == 0)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        peer.Url = new Uri(address + "/");
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Arrivals.Dispose();
    }
}
