using Microsoft.Extensions.Options;

namespace Stockbeat.Server.Hosting;

/// <summary>The <c>Stockbeat</c> configuration section.</summary>
public sealed class StockbeatOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "Stockbeat";

    /// <summary>Base URL used in ping and API links; by default the request's own scheme and host.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Database connection string; one with <c>Host=</c> selects PostgreSQL.</summary>
    public string? Database { get; set; }

    /// <summary>Folder for the SQLite file when no PostgreSQL database is set.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Ping API settings.</summary>
    public PingOptions Ping { get; set; } = new();

    /// <summary>Keys and names for the project created on first start.</summary>
    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>Background worker settings.</summary>
    public WorkerOptions Workers { get; set; } = new();

    /// <summary>How long history is kept.</summary>
    public RetentionOptions Retention { get; set; } = new();
}

/// <summary>The <c>Stockbeat:Retention</c> section.</summary>
public sealed class RetentionOptions
{
    /// <summary>Finished runs (with their reports, the metric series) older than this are deleted.</summary>
    public TimeSpan Runs { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The <c>Stockbeat:Ping</c> section.</summary>
public sealed class PingOptions
{
    /// <summary>Bytes of a ping body that are stored; the rest is dropped, never rejected.</summary>
    public int BodyLimit { get; set; } = 10_000;

    /// <summary>Pings kept per monitor; older ones are pruned.</summary>
    public int KeepPings { get; set; } = 100;

    /// <summary>Proxy addresses whose X-Forwarded-For and X-Forwarded-Proto headers are believed.</summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>Pings waiting for the writer; beyond this the ping API answers 503 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 120_000;

    /// <summary>
    /// On PostgreSQL, the ping writers of a node, each committing its own batches on its own connection, so that one
    /// batch runs while another waits for its commit. Pings to one monitor always go to the same writer.
    /// </summary>
    public int Writers { get; set; } = 2;

    /// <summary>Most pings journaled in one flush, and, without a journal (PostgreSQL), committed in one transaction.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>
    /// On SQLite, most journaled pings stored in the database in one transaction. Larger than <see cref="BatchSize"/>:
    /// nobody waits for these commits, and pings to monitors on the same pages share their page writes.
    /// </summary>
    public int StoreBatchSize { get; set; } = 60_000;

    /// <summary>On SQLite, the size past which a ping journal segment is closed (and deleted once its pings are stored).</summary>
    public long JournalSegmentBytes { get; set; } = Stockbeat.Storage.Journal.PingJournal.SegmentBytes;
}

/// <summary>The <c>Stockbeat:Bootstrap</c> section.</summary>
public sealed class BootstrapOptions
{
    /// <summary>Name of the project created on first start.</summary>
    public string ProjectName { get; set; } = "Default";

    /// <summary>Read-write API key; generated and printed once when absent.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Read-only API key; generated and printed once when absent.</summary>
    public string? ReadOnlyApiKey { get; set; }

    /// <summary>Ping key for slug URLs; generated and printed once when absent.</summary>
    public string? PingKey { get; set; }

    /// <summary>Email of the dashboard admin created when it does not exist; without it the first visit sets one up.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>Password of the configured dashboard admin.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>The <c>Stockbeat:Workers</c> section.</summary>
public sealed class WorkerOptions
{
    /// <summary>Whether the background workers run; tests turn them off and call their passes directly.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The longest wait between two deadline sweeps. The sweep also runs right after the earliest stored deadline;
    /// this bounds how late it sees a deadline that an edit moved earlier meanwhile.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often escalation steps are fired and deliveries sent.</summary>
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often monitors with newly finished runs are analysed for insights.</summary>
    public TimeSpan AnalysisInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often old runs are deleted.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often SQLite's write-ahead log is copied into the database file (unused on PostgreSQL).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>Checks the options at start-up so that a bad setting stops the server with a clear message.</summary>
internal sealed class StockbeatOptionsValidator : IValidateOptions<StockbeatOptions>
{
    public ValidateOptionsResult Validate(string? name, StockbeatOptions options)
    {
        var errors = new List<string>();
        if (options.Ping.BodyLimit is < 0 or > 10_000_000)
        {
            errors.Add("Stockbeat:Ping:BodyLimit must be between 0 and 10000000 bytes.");
        }

        if (options.Ping.KeepPings is < 1 or > 100_000)
        {
            errors.Add("Stockbeat:Ping:KeepPings must be between 1 and 100000.");
        }

        if (options.Ping.Writers is < 1 or > 64)
        {
            errors.Add("Stockbeat:Ping:Writers must be between 1 and 64.");
        }

        if (options.Ping.QueueCapacity < 1 || options.Ping.BatchSize < 1 || options.Ping.StoreBatchSize < 1 || options.Ping.JournalSegmentBytes < 1)
        {
            errors.Add("Stockbeat:Ping:QueueCapacity, BatchSize, StoreBatchSize and JournalSegmentBytes must be positive.");
        }

        foreach (var proxy in options.Ping.TrustedProxies)
        {
            if (!System.Net.IPAddress.TryParse(proxy, out _))
            {
                errors.Add($"Stockbeat:Ping:TrustedProxies: '{proxy}' is not an IP address.");
            }
        }

        if (options.PublicUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            errors.Add($"Stockbeat:PublicUrl '{url}' is not an absolute URL.");
        }

        if (options.Bootstrap.PingKey is { } key && !Keys.IsValidPingKey(key))
        {
            errors.Add("Stockbeat:Bootstrap:PingKey must be 16 to 64 characters of a-z, 0-9, '-' or '_'.");
        }

        foreach (var (setting, apiKey) in new[] { ("ApiKey", options.Bootstrap.ApiKey), ("ReadOnlyApiKey", options.Bootstrap.ReadOnlyApiKey) })
        {
            if (apiKey is not null && apiKey.Length < 16)
            {
                errors.Add($"Stockbeat:Bootstrap:{setting} must be at least 16 characters.");
            }
        }

        if ((options.Bootstrap.AdminEmail is null) != (options.Bootstrap.AdminPassword is null))
        {
            errors.Add("Stockbeat:Bootstrap:AdminEmail and AdminPassword must be set together.");
        }
        else if (options.Bootstrap.AdminEmail is { } email
                 && (!Dashboard.Auth.Accounts.IsEmail(email) || options.Bootstrap.AdminPassword!.Length < Dashboard.Auth.PasswordHasher.MinLength))
        {
            errors.Add($"Stockbeat:Bootstrap:AdminEmail must be an email address and AdminPassword at least {Dashboard.Auth.PasswordHasher.MinLength} characters.");
        }

        if (options.Retention.Runs < TimeSpan.FromDays(1))
        {
            errors.Add("Stockbeat:Retention:Runs must be at least one day (1.00:00:00).");
        }

        if (options.Workers.SweepInterval <= TimeSpan.Zero || options.Workers.AlertInterval <= TimeSpan.Zero
            || options.Workers.AnalysisInterval <= TimeSpan.Zero || options.Workers.RetentionInterval <= TimeSpan.Zero
            || options.Workers.CheckpointInterval <= TimeSpan.Zero)
        {
            errors.Add("Stockbeat:Workers:SweepInterval, AlertInterval, AnalysisInterval, RetentionInterval and CheckpointInterval must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
