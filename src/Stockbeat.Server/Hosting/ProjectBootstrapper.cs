using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stockbeat.Core.Incidents;
using Stockbeat.Server.Features.Incidents;
using Stockbeat.Storage;

namespace Stockbeat.Server.Hosting;

/// <summary>
/// Migrates the database and makes sure the default project and its keys exist. Configured keys are added
/// (hashed) on every start; keys that were not configured are generated on first start and printed once,
/// because only their hashes are kept.
/// </summary>
internal sealed partial class ProjectBootstrapper(
    IStore store, IOptions<StockbeatOptions> options, AckLinks ackLinks, TimeProvider time, ILogger<ProjectBootstrapper> logger)
{
    public async Task<long> RunAsync(CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        // Nodes starting together on an empty database would each create a project.
        return await store.RunExclusiveAsync(BootstrapAsync, ct);
    }

    private async Task<long> BootstrapAsync(CancellationToken ct)
    {
        var bootstrap = options.Value.Bootstrap;
        var now = time.GetUtcNow();
        var existing = await store.FindFirstProjectAsync(ct);
        var projectId = existing ?? await store.CreateProjectAsync(bootstrap.ProjectName, now, ct);
        var isNew = existing is null;
        ackLinks.UseSecret(await store.GetOrAddSettingAsync(
            AckLinks.SecretSetting, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), ct));
        if ((await store.ListPoliciesAsync(projectId, ct)).Count == 0)
        {
            // The built-in default, stored so that users can edit it like any other policy.
            await store.CreatePolicyAsync(projectId, "Default escalation", EscalationPolicy.Default, isDefault: true, now, ct);
        }

        var apiKey = bootstrap.ApiKey ?? (isNew ? Keys.NewApiKey() : null);
        var readOnlyKey = bootstrap.ReadOnlyApiKey ?? (isNew ? Keys.NewApiKey() : null);
        var pingKey = bootstrap.PingKey ?? (isNew ? Keys.NewPingKey() : null);
        // A configured key replaces the earlier key of the same role, so changing the setting rotates a leaked key.
        if (apiKey is not null)
        {
            await store.ReplaceApiKeyAsync(projectId, "bootstrap", KeyHash.Of(apiKey), isReadOnly: false, now, ct);
        }

        if (readOnlyKey is not null)
        {
            await store.ReplaceApiKeyAsync(projectId, "bootstrap read-only", KeyHash.Of(readOnlyKey), isReadOnly: true, now, ct);
        }

        if (pingKey is not null)
        {
            await store.SetPingKeyHashAsync(projectId, KeyHash.Of(pingKey), ct);
        }

        if (isNew)
        {
            LogCreated(logger, projectId);
            // Printed as a plain block, not a log line, so that it stays readable and copyable.
            Console.Out.WriteLine(
                $"""

                Stockbeat created project {projectId}. Save these keys now: only their hashes are stored.
                  API key (read-write): {Shown(bootstrap.ApiKey, apiKey)}
                  API key (read-only):  {Shown(bootstrap.ReadOnlyApiKey, readOnlyKey)}
                  Ping key:             {Shown(bootstrap.PingKey, pingKey)}

                """);
        }

        return projectId;
    }

    private static string Shown(string? configured, string? used) => configured is null ? used! : "(from configuration)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created project {ProjectId}; its keys are printed once on standard output.")]
    private static partial void LogCreated(ILogger logger, long projectId);
}
