using Microsoft.Data.Sqlite;

namespace Stockbeat.Scale;

/// <summary>A monitor to be made up with a chosen deadline: the last ping a ping would have left for that deadline.</summary>
internal sealed record Arm(long Id, DateTimeOffset LastPing, DateTimeOffset Deadline);

/// <summary>
/// Writes chosen deadlines straight into the database, in one transaction, as a ping would have left them (status up,
/// last ping = deadline − period − grace). The server keeps no copy of deadlines, so its next sweep pass sees them.
/// </summary>
internal static class Arming
{
    public static async Task ArmAsync(string path, IReadOnlyList<Arm> arms, CancellationToken ct)
    {
        await using var connection = await SqliteFiles.OpenReadWriteAsync(path, ct);
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var update = connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText =
            "UPDATE checks SET last_ping = $lastPing, deadline = $deadline, version = version + 1 WHERE id = $id AND status = 'up'";
        var lastPing = update.Parameters.Add(new SqliteParameter("$lastPing", 0L));
        var deadline = update.Parameters.Add(new SqliteParameter("$deadline", 0L));
        var id = update.Parameters.Add(new SqliteParameter("$id", 0L));
        update.Prepare();
        foreach (var arm in arms)
        {
            lastPing.Value = arm.LastPing.ToUnixTimeMilliseconds();
            deadline.Value = arm.Deadline.ToUnixTimeMilliseconds();
            id.Value = arm.Id;
            // A down monitor keeps its open incident, and the server would open none for it: each monitor is used once.
            if (await update.ExecuteNonQueryAsync(ct) != 1)
            {
                throw new InvalidOperationException($"Monitor {arm.Id} is not up; it was used before.");
            }
        }

        await tx.CommitAsync(ct);
    }
}
