using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Stockbeat.Alerts;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Incidents;
using Stockbeat.Core.Schedules;
using Stockbeat.Storage;

namespace Stockbeat.Scale;

/// <summary>What the seeder made: the database file and the monitors reserved for the deadline probes.</summary>
/// <param name="ProbeFirstId">Id of the first probe monitor; probes are <c>ProbeFirstId .. ProbeFirstId + probes - 1</c>.</param>
/// <param name="ProbePeriod">The probes' simple-schedule period.</param>
/// <param name="ProbeGrace">The probes' grace.</param>
internal sealed record SeededDatabase(string Path, int Monitors, long ProjectId, long ProbeFirstId, TimeSpan ProbePeriod, TimeSpan ProbeGrace, TimeSpan Took);

/// <summary>
/// Creates a SQLite database with many realistic monitors: migrated and given a project, a webhook channel and the
/// default escalation policy through the real store, then filled with one prepared INSERT reused for every row in
/// large transactions (the API would take about half an hour for a million).
/// </summary>
internal static class Seeder
{
    private const int RowsPerTransaction = 50_000;

    private static readonly TimeSpan ProbePeriod = TimeSpan.FromHours(1);
    private static readonly TimeSpan ProbeGrace = TimeSpan.FromMinutes(15);

    // The mix of inventory syncs: fast movers every few minutes, hourly channel feeds, nightly full syncs, business-hours
    // jobs; a third on cron in several time zones. Every grace is at least 15 min, so no seeded monitor falls due while
    // a run (which lasts a few minutes) measures the probes.
    private static readonly Profile[] Profiles =
    [
        new(15, "erp-shopify-stock", new SimpleSchedule(TimeSpan.FromMinutes(5)), "fast", "shopify-graphql"),
        new(15, "pos-web-stock", new SimpleSchedule(TimeSpan.FromMinutes(15)), "fast", "woocommerce"),
        new(25, "erp-amazon-feed", new SimpleSchedule(TimeSpan.FromHours(1)), "regular", "amazon-feeds"),
        new(10, "erp-ebay-stock", new SimpleSchedule(TimeSpan.FromHours(6)), "regular", "ebay"),
        new(5, "supplier-erp-full", new SimpleSchedule(TimeSpan.FromDays(1)), "slow", null),
        new(10, "shopify-reserve", CronSchedule.Parse("*/15 * * * *", "Europe/Berlin"), "fast", "shopify-rest"),
        new(10, "hourly-reconcile", CronSchedule.Parse("0 * * * *", "America/New_York"), "regular", null),
        new(5, "nightly-catalog", CronSchedule.Parse("30 2 * * *", "Europe/Berlin"), "slow", "shopify-graphql"),
        new(5, "office-hours-sync", CronSchedule.Parse("0 9-18 * * 1-5", "Europe/London"), "regular", "ebay"),
    ];

    /// <summary>Creates <paramref name="path"/> (which must not exist) with <paramref name="monitors"/> monitors, the first <paramref name="probes"/> reserved for probes.</summary>
    public static async Task<SeededDatabase> SeedAsync(string path, int monitors, int probes, Uri webhook, CancellationToken ct)
    {
        if (File.Exists(path))
        {
            throw new InvalidOperationException($"{path} exists already; the seeder makes a fresh database.");
        }

        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var store = SqliteStore.Open(path);
        await store.MigrateAsync(ct);
        var projectId = await store.CreateProjectAsync("Scale", now, ct);
        await store.CreatePolicyAsync(projectId, "Default escalation", EscalationPolicy.Default, isDefault: true, now, ct);
        var channel = await store.CreateChannelAsync(projectId, ChannelKinds.Webhook, "Ops webhook",
            new WebhookChannelConfig(webhook.AbsoluteUri, "POST", new Dictionary<string, string>(), null).ToJson(), now, ct);

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        // Seeding is not the thing measured and a lost seed is simply redone: no fsync per transaction, and a page cache
        // that holds the uuid index while it is filled in random order.
        await Execute(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144", ct);
        var firstId = (long?)await Scalar(connection, "SELECT MAX(id) FROM checks", ct) + 1 ?? 1;

        var random = new Random(7);
        var weights = Profiles.Sum(p => p.Weight);
        for (var start = 0; start < monitors; start += RowsPerTransaction)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var insert = CheckInsert.Prepare(connection, tx);
            await using var link = Command(connection, tx, "INSERT INTO check_channels (check_id, channel_id) VALUES (last_insert_rowid(), $channel)");
            link.Parameters.AddWithValue("$channel", channel.Id);
            link.Prepare();
            for (var i = start; i < Math.Min(monitors, start + RowsPerTransaction); i++)
            {
                var check = i < probes ? Probe(i, projectId, now, random) : Regular(i, projectId, now, random, weights);
                await insert.RunAsync(CheckRules.WithDeadline(check), ct);
                await link.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
        }

        await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)", ct);
        return new SeededDatabase(path, monitors, projectId, firstId, ProbePeriod, ProbeGrace, clock.Elapsed);
    }

    // Probes are hourly monitors that pinged within the last 45 min; the run re-arms them with chosen deadlines.
    private static Check Probe(int i, long projectId, DateTimeOffset now, Random random) =>
        Base(i, projectId, now, random, "probe-erp-amazon", "fast", "amazon-feeds") with
        {
            Schedule = new SimpleSchedule(ProbePeriod),
            Grace = ProbeGrace,
            LastPing = now - (ProbePeriod * 0.75 * random.NextDouble()),
        };

    private static Check Regular(int i, long projectId, DateTimeOffset now, Random random, int weights)
    {
        var pick = random.Next(weights);
        var profile = Profiles[0];
        foreach (var p in Profiles)
        {
            profile = p;
            pick -= p.Weight;
            if (pick < 0)
            {
                break;
            }
        }

        return Base(i, projectId, now, random, profile.Name, profile.Velocity, profile.Platform) with
        {
            Schedule = profile.Schedule,
            Grace = Velocity.DefaultGrace(profile.Velocity) ?? Check.DefaultGrace,
            // A simple schedule pinged some time within its last period has its deadline spread over the next period + grace:
            // minutes ahead for the fast movers, up to a day and more for the nightly jobs. A cron job pinged at its last
            // occurrence; within the last minute is enough for the next one to be expected at its next occurrence.
            LastPing = now - ((profile.Schedule is SimpleSchedule simple ? simple.Period : TimeSpan.FromMinutes(1)) * random.NextDouble()),
        };
    }

    private static Check Base(int i, long projectId, DateTimeOffset now, Random random, string name, string velocity, string? platform) => new()
    {
        Uuid = Guid.NewGuid(),
        ProjectId = projectId,
        Name = $"{name} #{i}",
        Slug = $"{name}-{i}",
        Tags = $"{velocity} {platform ?? "erp"}",
        Status = CheckStatus.Up,
        PingCount = random.Next(50, 20_000),
        LastDuration = TimeSpan.FromSeconds(random.Next(5, 600)),
        Created = now - TimeSpan.FromDays(30),
        Velocity = velocity,
        Platform = platform,
        SkuCount = platform is null ? null : random.Next(500, 200_000),
    };

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, null, sql);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    private sealed record Profile(int Weight, string Name, Schedule Schedule, string Velocity, string? Platform);
}
