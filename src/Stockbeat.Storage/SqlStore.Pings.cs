using System.Data.Common;
using Dapper;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Runs;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    // About 1 KB each: a bounded share of memory even with a million monitors.
    private const int RememberedChecks = 120_000;

    // Uuids of monitors a look-up found, so that the ping journal may answer pings to them before they are stored:
    // 16 bytes and a dictionary entry each, so a million monitors fit.
    private const int KnownMonitorCapacity = 1_000_000;

    private readonly WrittenChecks _written = new(RememberedChecks);
    private readonly BoundedUuidMap<bool> _known = new(KnownMonitorCapacity);

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
    public virtual string? JournalFolder => null;

    /// <inheritdoc />
    public bool KnowsMonitor(Guid uuid) => _known.Contains(uuid) || _written.TryGet(uuid, out _);

    /// <inheritdoc />
    public async Task LookUpMonitorsAsync(IReadOnlyCollection<Guid> uuids, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var found = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT uuid FROM checks WHERE {InList("uuid", "@uuids")}",
            new { uuids = uuids.Select(u => u.ToString()).ToArray() }, cancellationToken: ct));
        foreach (var uuid in found)
        {
            _known.Set(Guid.Parse(uuid), true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PingResult>> IngestPingsAsync(IReadOnlyList<PingSubmission> batch, int keepPings, CancellationToken ct) =>
        IngestAsync(batch, keepPings, journalEnd: null, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<PingResult>> ApplyJournaledPingsAsync(
        IReadOnlyList<PingSubmission> batch, int keepPings, long journalEnd, CancellationToken ct) =>
        IngestAsync(batch, keepPings, journalEnd, ct);

    /// <inheritdoc />
    public async Task<long> GetJournalPositionAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT applied_through FROM ping_journal WHERE id = 1", cancellationToken: ct)) ?? 0;
    }

    /// <inheritdoc />
    public async Task SetJournalPositionAsync(long position, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await RecordJournalPositionAsync(connection, tx, position, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// A connection for storing journaled pings, whose commits may return before they reach the disk where the
    /// database allows it: the journal holds the pings, and the next durable commit flushes them.
    /// </summary>
    protected virtual Task<DbConnection> OpenForJournaledPingsAsync(CancellationToken ct) => OpenAsync(ct);

    private static Task<int> RecordJournalPositionAsync(DbConnection connection, DbTransaction tx, long position, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO ping_journal (id, applied_through) VALUES (1, @position)
            ON CONFLICT (id) DO UPDATE SET applied_through = excluded.applied_through
            """,
            new { position }, tx, cancellationToken: ct));

    private async Task<IReadOnlyList<PingResult>> IngestAsync(
        IReadOnlyList<PingSubmission> batch, int keepPings, long? journalEnd, CancellationToken ct)
    {
        try
        {
            return await IngestBatchAsync(batch, keepPings, journalEnd, trustRemembered: true, ct);
        }
        catch (StaleCheckException stale)
        {
            // A remembered monitor changed since the writer stored it (an edit, the sweep, another node). The batch
            // rolled back as a whole; it is redone from the rows.
            foreach (var uuid in stale.Uuids)
            {
                _written.Forget(uuid);
            }

            return await IngestBatchAsync(batch, keepPings, journalEnd, trustRemembered: false, ct);
        }
    }

    private async Task<IReadOnlyList<PingResult>> IngestBatchAsync(
        IReadOnlyList<PingSubmission> batch, int keepPings, long? journalEnd, bool trustRemembered, CancellationToken ct)
    {
        var results = new PingResult[batch.Count];
        await using var connection = journalEnd is null ? await OpenAsync(ct) : await OpenForJournaledPingsAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var deferred = new DeferredWrites(connection, tx);
        await using var commands = await PingBatchCommands.PrepareAsync(connection, tx, ForUpdate, deferred, ct);
        await using var runs = await RunBatchCommands.PrepareAsync(connection, tx, IsNotDistinctFrom, deferred, ct);
        var write = new PingWrite(connection, tx, commands, runs, deferred, keepPings, trustRemembered);
        if (ReadsCostRoundTrips)
        {
            await ReadMonitorsAheadAsync(write, batch, ct);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = await IngestOneAsync(write, batch[i], ct);
        }

        await deferred.FlushAsync(ct);
        if (journalEnd is { } position)
        {
            await RecordJournalPositionAsync(connection, tx, position, ct);
        }

        await tx.CommitAsync(ct);
        _written.Remember(write.Written.Values);
        return results;
    }

    private async Task<PingResult> IngestOneAsync(PingWrite write, PingSubmission ping, CancellationToken ct)
    {
        var created = false;
        Check check;
        switch (ping.Path.Target)
        {
            case PingTarget.ByUuid byUuid:
                if (write.Written.TryGetValue(byUuid.Uuid, out var known)
                    || (write.TrustRemembered && _written.TryGet(byUuid.Uuid, out known)))
                {
                    check = known;
                }
                else if ((write.ReadAhead?.GetValueOrDefault(byUuid.Uuid) ?? await write.Commands.FindByUuidAsync(byUuid.Uuid, ct)) is { } found)
                {
                    check = found;
                }
                else
                {
                    // A look-up may have raced the monitor's deletion.
                    _known.Remove(byUuid.Uuid);
                    return PingResult.NotFound;
                }

                break;
            case PingTarget.BySlug bySlug:
                await write.Deferred.FlushAsync(ct);
                var (bySlugCheck, owner, refusal) = await FindBySlugAsync(write, ping, bySlug, ct);
                if (refusal is { } answer)
                {
                    return answer;
                }

                created = bySlugCheck is null;
                check = bySlugCheck ?? await AutoProvisionAsync(write, owner, bySlug.Slug, ping.Received, ct);
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
            ? await write.Runs.FindOpenAsync(check.Id, ping.Rid, ct)
            : null;
        var outcome = CheckRules.ApplyPing(check, verdict?.Kind ?? kind, ping.Method, ping.Rid, openRun?.StartedAt, ping.Received);
        if (outcome.Flip is { } failed && verdict?.Reason is { } reason && failed.To == CheckStatus.Down)
        {
            outcome = outcome with { Flip = failed with { Detail = reason } };
        }

        var stored = write.Commands.WriteState(outcome.Check, outcome.Kind.IsFinish());
        write.Written[stored.Uuid] = stored;
        write.Commands.Insert(stored, outcome, ping, write.KeepPings);
        switch (outcome.Kind)
        {
            case PingKind.Start:
                write.Runs.Start(check.Id, ping.Rid, ping.Received);
                break;
            case PingKind.Success or PingKind.Fail when verdict is not null:
                write.Runs.Finish(check.Id, openRun, ping, verdict, Join(verdict.Reason, ping.ReportProblem ?? ping.Report?.Problem));
                break;
        }

        if (outcome.Flip is { TouchesIncident: false } quiet)
        {
            // History only: queued with the batch's other writes, so it costs no round trip.
            write.Commands.InsertQuietFlip(stored, quiet);
        }
        else if (outcome.Flip is { } flip)
        {
            await write.Deferred.FlushAsync(ct);
            await RecordFlipAsync(write.Connection, write.Tx, stored, flip, write.Lookups, ct);
        }

        return created ? PingResult.Created : PingResult.Ok;
    }

    /// <summary>
    /// Reads (and locks, in id order) in one statement the monitors of the batch's uuid pings that are not remembered,
    /// instead of one round trip each while the batch holds its locks.
    /// </summary>
    private async Task ReadMonitorsAheadAsync(PingWrite write, IReadOnlyList<PingSubmission> batch, CancellationToken ct)
    {
        var uuids = batch
            .Select(p => p.Path.Target)
            .OfType<PingTarget.ByUuid>()
            .Select(t => t.Uuid)
            .Where(u => !write.TrustRemembered || !_written.TryGet(u, out _))
            .Distinct()
            .Select(u => u.ToString())
            .ToArray();
        if (uuids.Length == 0)
        {
            // Every monitor of the batch is remembered: nothing to read, and no round trip to spend on it.
            return;
        }

        var rows = await write.Connection.QueryAsync<CheckRow>(new CommandDefinition(
            $"SELECT {CheckRow.Columns} FROM checks WHERE {InList("uuid", "@uuids")} ORDER BY id{ForUpdate}",
            new { uuids }, write.Tx, cancellationToken: ct));
        write.ReadAhead = rows.Select(r => r.ToCheck()).ToDictionary(c => c.Uuid);
    }

    /// <summary>
    /// The monitor a <c>/ping/{key}/{slug}</c> names, or a refusal; neither, but the project to make it in, when
    /// <c>?create=1</c> may make it.
    /// </summary>
    private async Task<(Check? Check, long Owner, PingResult? Refusal)> FindBySlugAsync(
        PingWrite write, PingSubmission ping, PingTarget.BySlug bySlug, CancellationToken ct)
    {
        var keyHash = KeyHash.Of(bySlug.PingKey);
        if (ping.Create)
        {
            // A slug that does not exist yet has no row to lock, so racing ?create=1 pings (from several
            // nodes) would each insert one. Locking the project row makes them queue instead.
            await write.Connection.ExecuteAsync(new CommandDefinition(
                $"SELECT id FROM projects WHERE ping_key_hash = @keyHash{ForUpdate}",
                new { keyHash }, write.Tx, cancellationToken: ct));
        }

        var rows = (await write.Connection.QueryAsync<CheckRow>(new CommandDefinition(
            $"""
            SELECT {CheckRow.Columns} FROM checks
            WHERE slug = @slug AND project_id = (SELECT id FROM projects WHERE ping_key_hash = @keyHash)
            ORDER BY id LIMIT 2{ForUpdate}
            """,
            new { slug = bySlug.Slug, keyHash }, write.Tx, cancellationToken: ct))).ToList();
        switch (rows.Count)
        {
            case > 1:
                return (null, 0, PingResult.AmbiguousSlug);
            case 1:
                // Read under lock: newer than anything remembered.
                return (rows[0].ToCheck(), 0, null);
        }

        var projectId = ping.Create
            ? await write.Connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
                "SELECT id FROM projects WHERE ping_key_hash = @keyHash", new { keyHash }, write.Tx, cancellationToken: ct))
            : null;
        if (projectId is not { } owner)
        {
            return (null, 0, PingResult.NotFound);
        }

        return ping.Path.ExitStatusOutOfRange || ping.RidInvalid ? (null, 0, Refusal(ping)) : (null, owner, null);
    }

    private static async Task<Check> AutoProvisionAsync(PingWrite write, long owner, string slug, DateTimeOffset at, CancellationToken ct)
    {
        var check = await InsertCheckAsync(write.Connection, write.Tx, CheckRules.WithDeadline(AutoProvisioned(owner, slug, at)), ct);
        // As Healthchecks: a monitor made by its first ping notifies every channel of the project.
        await write.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO check_channels (check_id, channel_id) SELECT @checkId, id FROM channels WHERE project_id = @owner",
            new { checkId = check.Id, owner }, write.Tx, cancellationToken: ct));
        return check;
    }

    private static PingResult Refusal(PingSubmission ping) =>
        ping.Path.ExitStatusOutOfRange ? PingResult.InvalidUrlFormat : PingResult.InvalidUuidFormat;

    private static string? Join(string? reason, string? note) =>
        reason is null ? note : note is null ? reason : $"{reason}; {note}";

    /// <summary>One ping batch's transaction, statements and bookkeeping.</summary>
    /// <param name="TrustRemembered">Whether a monitor may come from <see cref="_written"/> instead of its row.</param>
    private sealed record PingWrite(
        DbConnection Connection, DbTransaction Tx, PingBatchCommands Commands, RunBatchCommands Runs, DeferredWrites Deferred,
        int KeepPings, bool TrustRemembered)
    {
        /// <summary>Monitors this batch has written so far, by uuid, as written.</summary>
        public Dictionary<Guid, Check> Written { get; } = [];

        /// <summary>
        /// The monitors of the batch's uuid pings that were not remembered, read before its first ping where reads cost
        /// a round trip. A uuid missing here is read when its ping comes: a remembered monitor may be forgotten meanwhile
        /// (another batch found it stale).
        /// </summary>
        public Dictionary<Guid, Check>? ReadAhead { get; set; }

        /// <summary>What the incidents this batch opens share, read once for the transaction.</summary>
        public IncidentLookups Lookups { get; } = new();
    }
}
