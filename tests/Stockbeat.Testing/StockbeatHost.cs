using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Testing;

/// <summary>The database a test server runs on.</summary>
public enum Backend
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A real Stockbeat server for a test: Kestrel on a free loopback port, a real database, fixed keys, a
/// <see cref="FakeTimeProvider"/> for time and background workers off (tests run their passes directly).
/// </summary>
public sealed class StockbeatHost : IAsyncDisposable
{
    public const string ApiKey = "test-read-write-api-key-0000001";
    public const string ReadOnlyApiKey = "test-read-only-api-key-00000001";
    public const string PingKey = "testpingkey00000000001";

    /// <summary>The fake clock's start: a Thursday in winter, far from DST changes.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly TempDirectory? _directory;

    private StockbeatHost(WebApplication app, TempDirectory? directory, FakeTimeProvider time, Uri address, long projectId)
    {
        _app = app;
        _directory = directory;
        Time = time;
        Address = address;
        ProjectId = projectId;
        Client = new HttpClient { BaseAddress = address };
        Api = new HttpClient { BaseAddress = address };
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    /// <summary>The default project.</summary>
    public long ProjectId { get; }

    /// <summary>A client without credentials (for pings).</summary>
    public HttpClient Client { get; }

    /// <summary>A client that sends the read-write API key.</summary>
    public HttpClient Api { get; }

    public IServiceProvider Services => _app.Services;

    public IStore Store => Services.GetRequiredService<IStore>();

    /// <summary>Starts a server. <paramref name="settings"/> adds configuration such as <c>Stockbeat:Ping:BodyLimit</c>.</summary>
    /// <param name="backend">The database.</param>
    /// <param name="settings">Extra configuration.</param>
    /// <param name="database">A PostgreSQL connection string to share with another host; by default a fresh schema.</param>
    /// <param name="dataDirectory">
    /// An existing SQLite data folder to reuse, as a restarted server does; the caller owns it. By default a new
    /// temporary folder is made and removed with the host.
    /// </param>
    public static async Task<StockbeatHost> StartAsync(
        Backend backend = Backend.Sqlite, IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null,
        string? database = null)
    {
        var directory = dataDirectory is null ? new TempDirectory() : null;
        database ??= backend == Backend.Postgres ? await TestDatabases.NewPostgresSchemaAsync() : null;
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Stockbeat:DataDirectory={dataDirectory ?? directory!.Path}",
            $"--Stockbeat:Bootstrap:ApiKey={ApiKey}",
            $"--Stockbeat:Bootstrap:ReadOnlyApiKey={ReadOnlyApiKey}",
            $"--Stockbeat:Bootstrap:PingKey={PingKey}",
            "--Stockbeat:Workers:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        };
        if (database is not null)
        {
            args.Add($"--Stockbeat:Database={database}");
        }

        args.AddRange((settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"));
        var time = new FakeTimeProvider(Epoch);
        var app = StockbeatServer.Build([.. args], builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Logging.ClearProviders();
        });
        var projectId = await app.PrepareAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new StockbeatHost(app, directory, time, new Uri(address + "/"), projectId);
    }

    /// <summary>Starts a SQLite server with one setting, e.g. <c>Stockbeat:Ping:BodyLimit</c>.</summary>
    public static Task<StockbeatHost> StartWithAsync(string key, string value) =>
        StartAsync(settings: new Dictionary<string, string> { [key] = value });

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory?.Dispose();
    }
}
