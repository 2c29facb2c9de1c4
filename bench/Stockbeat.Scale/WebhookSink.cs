using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stockbeat.Scale;

/// <summary>
/// The receiver of the seeded webhook channel, on loopback: the burst's incidents really escalate and deliver, so the
/// server does the alerting work it would do in production while the sweep runs. It only counts what it receives.
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _received;

    private WebhookSink(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public long Received => Interlocked.Read(ref _received);

    public static async Task<WebhookSink> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref sink._received);
            return Results.Ok();
        });
        await app.StartAsync(ct);
        var address = app.Urls.First();
        sink.Url = new Uri(new Uri(address), "/hook");
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
