using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stockbeat.Alerts;
using Stockbeat.Server.Api;
using Stockbeat.Server.Dashboard;
using Stockbeat.Server.Features.Channels;
using Stockbeat.Server.Features.Checks;
using Stockbeat.Server.Features.Incidents;
using Stockbeat.Server.Features.Maintenance;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Server.Features.Planning;
using Stockbeat.Server.Features.Policies;
using Stockbeat.Server.Features.Status;
using Stockbeat.Server.Workers;
using Stockbeat.Storage;

namespace Stockbeat.Server.Hosting;

/// <summary>Builds the <c>stockbeat serve</c> web application: one process with the ping API, the management API and the workers.</summary>
public static class StockbeatServer
{
    /// <summary>The address used when neither <c>--urls</c> nor configuration names one.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8000";

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        // The key ring lives in the database (shared by all nodes); Data Protection warns about that at every start.
        ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
    };

    /// <summary>
    /// Creates the application from ASP.NET Core configuration (appsettings.json, environment variables,
    /// <paramref name="args"/>). <paramref name="configure"/> lets the host or a test replace services,
    /// such as the <see cref="TimeProvider"/>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The dashboard's cookie is its only authentication scheme, and ASP.NET Core would make a lone scheme the
        // default, read on every request, pings included. The dashboard asks for its scheme by name instead.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        var builder = WebApplication.CreateSlimBuilder(args);
        // Defaults below every other source, so appsettings.json, environment and command line override them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        AddStockbeat(builder.Services, builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseApiCors();
        app.UseCaughtUpReads();
        app.MapPings();
        app.MapStatus();
        app.MapChecks();
        app.MapChannels();
        app.MapPolicies();
        app.MapIncidents();
        app.MapMaintenance();
        app.MapPlanning();
        app.MapAckLinks();
        app.MapDashboard();
        return app;
    }

    /// <summary>Migrates the database and bootstraps the default project; run before <c>app.RunAsync()</c>.</summary>
    public static async Task<long> PrepareAsync(this WebApplication app, CancellationToken ct = default) =>
        await app.Services.GetRequiredService<ProjectBootstrapper>().RunAsync(ct);

    private static void AddStockbeat(IServiceCollection services, ConfigurationManager configuration)
    {
        services.AddOptions<StockbeatOptions>().Bind(configuration.GetSection(StockbeatOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StockbeatOptions>, StockbeatOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StockbeatOptions>>().Value;
            return StoreFactory.Create(options.Database, options.DataDirectory);
        });
        services.AddSingleton<ProjectBootstrapper>();
        services.AddStockbeatDashboard();

        services.AddSingleton<PingBacklog>();
        services.AddSingleton<PingIngestor>();
        services.AddHostedService(sp => sp.GetRequiredService<PingIngestor>());

        services.AddStockbeatAlerts(configuration);
        services.AddSingleton<AckLinks>();
        services.AddSingleton<NotificationFactory>();
        services.AddSingleton<DeadlineSweeper>();
        services.AddSingleton<EscalationPass>();
        services.AddSingleton<DeliveryPass>();
        services.AddSingleton<AnalysisPass>();
        services.AddSingleton<InsightNotifier>();
        services.AddSingleton<RetentionPass>();
        var workers = configuration.GetSection($"{StockbeatOptions.Section}:Workers").Get<WorkerOptions>() ?? new WorkerOptions();
        if (workers.Enabled)
        {
            services.AddHostedService(sp => new DeadlineSweepWorker(
                sp.GetRequiredService<DeadlineSweeper>(), workers.SweepInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeadlineSweepWorker>>()));
            services.AddHostedService(sp => new AlertWorker(
                sp.GetRequiredService<EscalationPass>(), sp.GetRequiredService<DeliveryPass>(), workers.AlertInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertWorker>>()));
            services.AddHostedService(sp => new AnalysisWorker(
                sp.GetRequiredService<AnalysisPass>(), workers.AnalysisInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AnalysisWorker>>()));
            services.AddHostedService(sp => new RetentionWorker(
                sp.GetRequiredService<RetentionPass>(), workers.RetentionInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RetentionWorker>>()));
            services.AddHostedService(sp => new CheckpointWorker(
                sp.GetRequiredService<IStore>(), workers.CheckpointInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CheckpointWorker>>()));
        }
    }
}
