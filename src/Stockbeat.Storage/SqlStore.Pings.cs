using System.Data.Common;
using Dapper;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Runs;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    // About 1 KB each: a bounded share of memory even with a million monitors.
    private const int RememberedChecks = 200_000;

    private readonly WrittenChecks _written = new(RememberedChecks);

    /// <summary>Name and schedule of a monitor created by <c>?create=1</c>, as Healthchecks.</summary>
    private static Check AutoProvisioned(long projectId, string slug, DateTimeOffset now) => new()
    {
        Uuid = Guid.NewGuid(),
        ProjectId = projectId,
        Name = slug,
        Slug = slug,
        Created = now,
    };

    /// <inheritdoc />
    public async Task<IReadOnlyList<PingResult>> IngestPingsAsync(
        IReadOnlyList<PingSubmission> batch, int keepPings, CancellationToken ct)
    {
        var results = new PingResult[batch.Count];
        var writtenInBatch = new Dictionary<Guid, Check>();
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await using var commands = await PingBatchCommands.PrepareAsync(connection, tx, ForUpdate, ct);
        await using var runs = await RunBatchCommands.PrepareAsync(connection, tx, IsNotDistinctFrom, ct);
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = await IngestOneAsync(connection, tx, commands, runs, writtenInBatch, batch[i], keepPings, true, ct);
        }

        await tx.CommitAsync(ct);
        _written.Remember(writtenInBatch.Values);
        return results;
    }

    /// <param name="connection">The batch's connection.</param>
    /// <param name="tx">The batch's transaction.</param>
    /// <param name="commands">The batch's prepared ping statements.</param>
    /// <param name="runs">The batch's prepared run statements.</param>
    /// <param name="writtenInBatch">Monitors this batch has written so far, by uuid.</param>
    /// <param name="ping">The ping.</param>
    /// <param name="keepPings">Pings kept per monitor.</param>
    /// <param name="trustRemembered">Whether the monitor may come from <see cref="_written"/> instead of its row.</param>
    /// <param name="ct">Cancellation.</param>
    private async Task<PingResult> IngestOneAsync(
        DbConnection connection, DbTransaction tx, PingBatchCommands commands, RunBatchCommands runs,
        Dictionary<Guid, Check> writtenInBatch, PingSubmission ping, int keepPings, bool trustRemembered, CancellationToken ct)
    {
        var created = false;
        var remembered = false;
        Check check;
        switch (ping.Path.Target)
        {
            case PingTarget.ByUuid byUuid:
                if (writtenInBatch.TryGetValue(byUuid.Uuid, out var known)
                    || (trustRemembered && _written.TryGet(byUuid.Uuid, out known)))
                {
                    check = known;
                    remembered = true;
                }
                else if (await commands.FindByUuidAsync(byUuid.Uuid, ct) is { } found)
                {
                    check = found;
                }
                else
                {
                    return PingResult.NotFound;
                }

                break;
            case PingTarget.BySlug bySlug:
                var keyHash = KeyHash.Of(bySlug.PingKey);
                if (ping.Create)
                {
                    // A slug that does not exist yet has no row to lock, so racing ?create=1 pings (from several
                    // nodes) would each insert one. Locking the project row makes them queue instead.
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"SELECT id FROM projects WHERE ping_key_hash = @keyHash{ForUpdate}",
                        new { keyHash }, tx, cancellationToken: ct));
                }

                var rows = (await connection.QueryAsync<CheckRow>(new CommandDefinition(
                    $"""
                    SELECT {CheckRow.Columns} FROM checks
                    WHERE slug = @slug AND project_id = (SELECT id FROM projects WHERE ping_key_hash = @keyHash)
                    ORDER BY id LIMIT 2{ForUpdate}
                    """,
                    new { slug = bySlug.Slug, keyHash }, tx, cancellationToken: ct))).ToList();
                if (rows.Count > 1)
                {
                    return PingResult.AmbiguousSlug;
                }

                if (rows.Count == 1)
                {
                    check = rows[0].ToCheck();
                    break;
                }

                var projectId = ping.Create
                    ? await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
                        "SELECT id FROM projects WHERE ping_key_hash = @keyHash", new { keyHash }, tx, cancellationToken: ct))
                    : null;
                if (projectId is not { } owner || ping.Path.ExitStatusOutOfRange || ping.RidInvalid)
                {
                    return projectId is null ? PingResult.NotFound : Refusal(ping);
                }

                check = await InsertCheckAsync(connection, tx, CheckRules.WithDeadline(AutoProvisioned(owner, bySlug.Slug, ping.Received)), ct);
                // As Healthchecks: a monitor made by its first ping notifies every channel of the project.
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO check_channels (check_id, channel_id) SELECT @checkId, id FROM channels WHERE project_id = @owner",
                    new { checkId = check.Id, owner }, tx, cancellationToken: ct));
                created = true;
                break;
            default:
                throw new InvalidOperationException($"Unknown ping target {ping.Path.Target}.");
        }

        if (ping.Path.ExitStatusOutOfRange || ping.RidInvalid)
        {
            return Refusal(ping);
        }

        var kind = ping.Path.Kind;
        var verdict = kind.IsFinish()
            ? RunVerdict.Judge(kind, ping.Path.ExitStatus, ping.Report, check.EffectiveErrorThreshold)
            : null;
        // Without a run id and without an open run there is nothing to pair with (a finish without an id closes
        // the open run), so the run lookup is skipped for the plain cron pings that make up most traffic.
        var openRun = kind.IsFinish() && (ping.Rid is not null || check.LastStart is not null)
            ? await runs.FindOpenAsync(check.Id, ping.Rid, ct)
            : null;
        var outcome = CheckRules.ApplyPing(check, verdict?.Kind ?? kind, ping.Method, ping.Rid, openRun?.StartedAt, ping.Received);
        if (outcome.Flip is { } failed && verdict?.Reason is { } reason && failed.To == CheckStatus.Down)
        {
            outcome = outcome with { Flip = failed with { Detail = reason } };
        }

        if (await commands.WriteStateAsync(outcome.Check, outcome.Kind.IsFinish(), ct) is not { } stored)
        {
            if (!remembered)
            {
                throw new System.Data.DBConcurrencyException($"Monitor {check.Uuid} changed while a ping was being stored.");
            }

            // Changed since the writer last stored it (an edit, the sweep, another node): nothing is written yet, so
            // the ping is simply redone from the row.
            _written.Forget(check.Uuid);
            writtenInBatch.Remove(check.Uuid);
            return await IngestOneAsync(connection, tx, commands, runs, writtenInBatch, ping, keepPings, false, ct);
        }

        writtenInBatch[stored.Uuid] = stored;
        await commands.InsertAsync(stored, outcome, ping, keepPings, ct);
        switch (outcome.Kind)
        {
            case PingKind.Start:
                await runs.StartAsync(check.Id, ping.Rid, ping.Received, ct);
                break;
            case PingKind.Success or PingKind.Fail when verdict is not null:
                await runs.FinishAsync(check.Id, openRun, ping, verdict, Join(verdict.Reason, ping.ReportProblem ?? ping.Report?.Problem), ct);
                break;
        }

        if (outcome.Flip is { } flip)
        {
            await RecordFlipAsync(connection, tx, stored, flip, ct);
        }

        return created ? PingResult.Created : PingResult.Ok;
    }

    private static PingResult Refusal(PingSubmission ping) =>
        ping.Path.ExitStatusOutOfRange ? PingResult.InvalidUrlFormat : PingResult.InvalidUuidFormat;

    private static string? Join(string? reason, string? note) =>
        reason is null ? note : note is null ? reason : $"{reason}; {note}";
}
