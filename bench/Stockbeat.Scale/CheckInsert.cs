using Microsoft.Data.Sqlite;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Scale;

/// <summary>One prepared <c>INSERT INTO checks</c>, bound anew for each row (the columns <c>stockbeat serve</c> reads back).</summary>
internal sealed class CheckInsert : IAsyncDisposable
{
    private static readonly string[] Columns =
    [
        "uuid", "unique_key", "project_id", "name", "slug", "tags", "description", "kind", "timeout_s", "schedule", "tz", "grace_s",
        "manual_resume", "methods", "status", "last_ping", "last_duration_ms", "n_pings", "deadline", "created", "version",
        "velocity", "platform", "sku_count", "job_kind",
    ];

    private readonly SqliteCommand _command;
    private readonly Dictionary<string, SqliteParameter> _parameters;

    private CheckInsert(SqliteCommand command, Dictionary<string, SqliteParameter> parameters)
    {
        _command = command;
        _parameters = parameters;
    }

    public static CheckInsert Prepare(SqliteConnection connection, SqliteTransaction tx)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            $"INSERT INTO checks ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))})";
        var parameters = Columns.ToDictionary(c => c, c => command.Parameters.Add(new SqliteParameter("$" + c, null)));
        command.Prepare();
        return new CheckInsert(command, parameters);
    }

    public async Task RunAsync(Check check, CancellationToken ct)
    {
        var cron = check.Schedule as CronSchedule;
        Set("uuid", check.Uuid.ToString());
        Set("unique_key", UniqueKeys.Of(check.Uuid));
        Set("project_id", check.ProjectId);
        Set("name", check.Name);
        Set("slug", check.Slug);
        Set("tags", check.Tags);
        Set("description", check.Description);
        Set("kind", cron is null ? "simple" : "cron");
        Set("timeout_s", (long)(check.Schedule is SimpleSchedule s ? s.Period : Check.DefaultTimeout).TotalSeconds);
        Set("schedule", cron?.Expression ?? "* * * * *");
        Set("tz", cron?.TimeZone ?? "UTC");
        Set("grace_s", (long)check.Grace.TotalSeconds);
        Set("manual_resume", 0L);
        Set("methods", check.Methods);
        Set("status", check.Status.ToWire());
        Set("last_ping", check.LastPing?.ToUnixTimeMilliseconds());
        Set("last_duration_ms", (long?)check.LastDuration?.TotalMilliseconds);
        Set("n_pings", (long)check.PingCount);
        Set("deadline", check.Deadline?.ToUnixTimeMilliseconds());
        Set("created", check.Created.ToUnixTimeMilliseconds());
        Set("version", 1L);
        Set("velocity", check.Velocity);
        Set("platform", check.Platform);
        Set("sku_count", check.SkuCount);
        Set("job_kind", check.JobKind);
        await _command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private void Set(string column, object? value) => _parameters[column].Value = value ?? DBNull.Value;
}
