using Microsoft.Data.Sqlite;

namespace Stockbeat.Scale;

/// <summary>
/// Gives probe monitors chosen deadlines a few seconds ahead (as a ping would have: last ping = deadline − period − grace)
/// and watches, from a second, read-only connection, when the running server has flipped each one down and opened its
/// incident. Both are written in the sweep's one transaction, so the first poll that sees the incident row sees the flip.
/// </summary>
internal sealed class DeadlineProbe(SeededDatabase database)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Gives the probes their deadlines in one transaction (the server's next pass sees all or none of them).</summary>
    public Task ArmAsync(IEnumerable<(long Id, DateTimeOffset Deadline)> probes, CancellationToken ct) =>
        Arming.ArmAsync(database.Path, [.. probes.Select(p => new Arm(p.Id, p.Deadline - database.ProbePeriod - database.ProbeGrace, p.Deadline))], ct);

    /// <summary>The highest incident id so far: the watch only looks at incidents opened after it.</summary>
    public async Task<long> LastIncidentIdAsync(CancellationToken ct)
    {
        await using var connection = await SqliteFiles.OpenReadOnlyAsync(database.Path, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM incidents";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Polls for new incidents until every one of <paramref name="ids"/> has one or <paramref name="until"/> passes. Returns, per
    /// monitor, the start of the first poll that saw its incident (an upper bound of the commit, at most one poll late), and the
    /// number of incidents of other monitors seen meanwhile.
    /// </summary>
    public async Task<(Dictionary<long, DateTimeOffset> Seen, int Others)> WatchAsync(
        IReadOnlySet<long> ids, long afterIncident, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await SqliteFiles.OpenReadOnlyAsync(database.Path, ct);
        await using var poll = connection.CreateCommand();
        poll.CommandText = "SELECT id, check_id FROM incidents WHERE id > $after ORDER BY id";
        var after = poll.Parameters.Add(new SqliteParameter("$after", afterIncident));
        poll.Prepare();
        var seen = new Dictionary<long, DateTimeOffset>(ids.Count);
        var others = 0;
        while (seen.Count < ids.Count && DateTimeOffset.UtcNow < until)
        {
            var polled = DateTimeOffset.UtcNow;
            await using (var reader = await poll.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    after.Value = reader.GetInt64(0);
                    var checkId = reader.GetInt64(1);
                    if (!ids.Contains(checkId))
                    {
                        others++;
                    }
                    else
                    {
                        seen.TryAdd(checkId, polled);
                    }
                }
            }

            await Task.Delay(PollInterval, ct);
        }

        return (seen, others);
    }

    /// <summary>How many of the monitors <paramref name="from"/>..<paramref name="to"/> are down with an open incident.</summary>
    public async Task<long> CountDownWithIncidentAsync(long from, long to, CancellationToken ct)
    {
        await using var connection = await SqliteFiles.OpenReadOnlyAsync(database.Path, ct);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT COUNT(*) FROM checks c JOIN incidents i ON i.check_id = c.id AND i.state = 'open'
            WHERE c.id BETWEEN $from AND $to AND c.status = 'down'
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
