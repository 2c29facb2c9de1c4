using System.Data.Common;
using Dapper;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Incidents;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<IncidentRecord>> ListIncidentsAsync(long checkId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<IncidentRow>(new CommandDefinition(
            $"SELECT {IncidentRow.ColumnsWithCheck} FROM {IncidentRow.From} WHERE i.check_id = @checkId ORDER BY i.id DESC",
            new { checkId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IncidentRecord>> ListProjectIncidentsAsync(long projectId, bool openOnly, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<IncidentRow>(new CommandDefinition(
            $"""
            SELECT {IncidentRow.ColumnsWithCheck} FROM {IncidentRow.From}
            WHERE c.project_id = @projectId AND (@openOnly = 0 OR i.state = 'open') ORDER BY i.id DESC LIMIT @limit
            """,
            new { projectId, openOnly = openOnly ? 1 : 0, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<IncidentRecord?> GetIncidentAsync(long projectId, long id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<IncidentRow>(new CommandDefinition(
            $"SELECT {IncidentRow.ColumnsWithCheck} FROM {IncidentRow.From} WHERE i.id = @id AND c.project_id = @projectId",
            new { id, projectId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IncidentEvent>> ListIncidentEventsAsync(long incidentId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(long At, string Kind, string Detail)>(new CommandDefinition(
            "SELECT at, kind, detail FROM incident_events WHERE incident_id = @incidentId ORDER BY id",
            new { incidentId }, cancellationToken: ct));
        return [.. rows.Select(r => new IncidentEvent(Time.FromMs(r.At), r.Kind, r.Detail))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(long incidentId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryRow.Columns} FROM deliveries d WHERE d.incident_id = @incidentId ORDER BY d.id",
            new { incidentId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<IncidentRecord?> AcknowledgeIncidentAsync(long incidentId, string by, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var at = Time.ToMs(now);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE incidents SET acknowledged = @at, acknowledged_by = @by, next_step_at = NULL
            WHERE id = @incidentId AND state = 'open' AND acknowledged IS NULL
            """,
            new { incidentId, at, by }, tx, cancellationToken: ct));
        if (changed == 1)
        {
            // Alerts still waiting for a retry would only tell people what they just acknowledged. Automated actions
            // keep going: they protect the storefront whoever is on it.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE deliveries SET status = 'cancelled' WHERE incident_id = @incidentId AND status = 'pending' AND kind = 'alert'",
                new { incidentId }, tx, cancellationToken: ct));
            await AddEventAsync(connection, tx, incidentId, now, "acknowledged", $"Acknowledged by {by}; escalation stopped.", ct);
            await FollowUpToldChannelsAsync(connection, tx, incidentId, "ack", at, ct);
        }

        await tx.CommitAsync(ct);
        return changed == 1 ? await GetIncidentByIdAsync(connection, incidentId, ct) : null;
    }

    /// <inheritdoc />
    public async Task<IncidentRecord?> ResolveIncidentAsync(long incidentId, string by, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var resolved = await ResolveAsync(connection, tx, incidentId, now, $"Resolved by {by}.", ct);
        await tx.CommitAsync(ct);
        return resolved ? await GetIncidentByIdAsync(connection, incidentId, ct) : null;
    }

    /// <inheritdoc />
    public async Task<HeldBackPass> OpenPendingIncidentsAsync(DateTimeOffset now, Func<Guid, bool> mayHoldPing, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // An incident attached to an upstream incident whose monitor was deleted has lost its parent (the
        // foreign key nulls it): it must escalate on its own now, as if the upstream had recovered.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE incidents SET opened = @now, next_step_at = @now
            WHERE state = 'open' AND parent_id IS NULL AND next_step_at IS NULL AND acknowledged IS NULL AND step = 0
            """,
            new { now = Time.ToMs(now) }, cancellationToken: ct));
        var pending = await connection.QueryAsync<CheckRow>(new CommandDefinition(
            $"SELECT {CheckRow.Columns} FROM checks WHERE incident_pending = 1", cancellationToken: ct));
        var opened = 0;
        var heldBack = 0;
        foreach (var stale in pending)
        {
            if (mayHoldPing(Guid.Parse(stale.Uuid)))
            {
                heldBack++;
                continue;
            }

            await using var tx = await BeginWriteAsync(connection, ct);
            // Read again under the lock: a ping may have brought the monitor back since the list was read.
            var row = await connection.QueryFirstOrDefaultAsync<CheckRow>(new CommandDefinition(
                $"SELECT {CheckRow.Columns} FROM checks WHERE id = @id AND incident_pending = 1{ForUpdate}",
                new { id = stale.Id }, tx, cancellationToken: ct));
            if (row is null)
            {
                continue;
            }

            var check = row.ToCheck();
            if (check.Status != CheckStatus.Down)
            {
                await SetIncidentPendingAsync(connection, tx, check.Id, false, ct);
            }
            else
            {
                var flip = await connection.QueryFirstOrDefaultAsync<(string Reason, string? Detail)?>(new CommandDefinition(
                    "SELECT reason, detail FROM flips WHERE check_id = @id AND new_status = 'down' ORDER BY id DESC LIMIT 1",
                    new { id = check.Id }, tx, cancellationToken: ct));
                var reason = flip is { } f ? FlipReasonNames.Parse(f.Reason) : FlipReason.Missed;
                if (await OpenIncidentAsync(connection, tx, check, reason, flip?.Detail, now, new IncidentLookups(), ct))
                {
                    opened++;
                }
            }

            await tx.CommitAsync(ct);
        }

        return new HeldBackPass(opened, heldBack);
    }

    /// <inheritdoc />
    public async Task<HeldBackPass> EscalateDueAsync(DateTimeOffset now, int limit, Func<Guid, bool> mayHoldPing, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        // The monitor's uuid by a subquery, not a join: FOR UPDATE would lock the monitor's row too, which the ping
        // writer locks for every ping.
        var due = (await connection.QueryAsync<IncidentRow>(new CommandDefinition(
            $"""
            SELECT {IncidentRow.Columns}, (SELECT uuid FROM checks c WHERE c.id = i.check_id) AS check_uuid FROM incidents i
            WHERE i.next_step_at IS NOT NULL AND i.next_step_at <= @now AND i.state = 'open' AND i.acknowledged IS NULL
            ORDER BY i.next_step_at LIMIT @limit{ForUpdateSkipLocked}
            """,
            new { now = Time.ToMs(now), limit }, tx, cancellationToken: ct))).ToList();
        var heldBack = 0;
        foreach (var incident in due)
        {
            if (incident.CheckUuid is { } uuid && mayHoldPing(Guid.Parse(uuid)))
            {
                heldBack++;
                continue;
            }

            var policy = incident.Policy;
            var fired = (int)incident.Step;
            if (policy.Steps.Count == 0)
            {
                // Nothing to fire; step 1 marks the escalation as finished.
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE incidents SET step = 1, next_step_at = NULL WHERE id = @id", new { id = incident.Id }, tx, cancellationToken: ct));
                continue;
            }

            var step = policy.StepAt(fired);
            var channels = await StepChannelsAsync(connection, tx, incident.CheckId, step, ct);
            var at = Time.ToMs(now);
            foreach (var channelId in channels)
            {
                await InsertDeliveryAsync(connection, tx, incident.Id, fired + 1, channelId, "alert", null, at, ct);
            }

            if (step.Action is { } action)
            {
                await InsertDeliveryAsync(connection, tx, incident.Id, fired + 1, 0, "action", PolicyJson.SerializeAction(action), at, ct);
            }

            await AddEventAsync(connection, tx, incident.Id, now, "step",
                $"Step {fired + 1} fired: {channels.Count} channel(s) notified{(step.Action is null ? "" : ", action started")}.", ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE incidents SET step = @step, next_step_at = @next WHERE id = @id",
                new { step = (long)fired + 1, next = Time.ToMs(policy.NextStepAt(Time.FromMs(incident.Opened), fired + 1)), id = incident.Id },
                tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return new HeldBackPass(due.Count - heldBack, heldBack);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeliveryWork>> ClaimDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var rows = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"""
            SELECT {DeliveryRow.Columns} FROM deliveries d
            WHERE d.status = 'pending' AND d.next_attempt <= @now ORDER BY d.next_attempt, d.id LIMIT @limit{ForUpdateSkipLocked}
            """,
            new { now = Time.ToMs(now), limit }, tx, cancellationToken: ct))).ToList();
        var work = new List<DeliveryWork>(rows.Count);
        foreach (var row in rows)
        {
            // The lease keeps other nodes (and the next pass) off this delivery while it is being sent; if this
            // node dies mid-send, the delivery becomes due again when the lease ends.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE deliveries SET next_attempt = @until WHERE id = @id",
                new { until = Time.ToMs(now + lease), id = row.Id }, tx, cancellationToken: ct));
            var incident = (await connection.QuerySingleAsync<IncidentRow>(new CommandDefinition(
                $"SELECT {IncidentRow.ColumnsWithCheck} FROM {IncidentRow.From} WHERE i.id = @id",
                new { id = row.IncidentId }, tx, cancellationToken: ct))).ToRecord();
            var check = (await connection.QuerySingleAsync<CheckRow>(new CommandDefinition(
                $"SELECT {CheckRow.Columns} FROM checks WHERE id = @id", new { id = incident.CheckId }, tx, cancellationToken: ct))).ToCheck();
            var channel = row.ChannelId == 0 ? null : (await connection.QueryFirstOrDefaultAsync<ChannelRow>(new CommandDefinition(
                $"SELECT {ChannelRow.Columns} FROM channels c WHERE c.id = @id", new { id = row.ChannelId }, tx, cancellationToken: ct)))?.ToRecord();
            work.Add(new DeliveryWork(row.ToRecord(), incident, check, channel));
        }

        await tx.CommitAsync(ct);
        return work;
    }

    /// <inheritdoc />
    public async Task CompleteDeliveryAsync(
        long deliveryId, string status, string? lastError, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct)
    {
        var error = lastError;
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var delivery = await connection.QuerySingleAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryRow.Columns} FROM deliveries d WHERE d.id = @deliveryId{ForUpdate}", new { deliveryId }, tx, cancellationToken: ct));
        if (delivery.Status == "cancelled")
        {
            // The incident resolved while this was on the wire. If it arrived, the receiver must hear the
            // follow-up (recovery for an alert, undo for an action); if not, it stays cancelled.
            if (status != "sent")
            {
                await tx.CommitAsync(ct);
                return;
            }

            var followUp = delivery.Kind switch { "alert" => "recovery", "action" => "undo", _ => null };
            if (followUp is not null)
            {
                await InsertDeliveryAsync(connection, tx, delivery.IncidentId, followUp == "undo" ? (int)delivery.Step : 0,
                    delivery.ChannelId, followUp, followUp == "undo" ? delivery.Payload : null, Time.ToMs(now), ct);
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE deliveries SET status = @status, attempts = attempts + 1, last_error = @error,
                next_attempt = @retryAt, sent = CASE WHEN @status = 'sent' THEN @now ELSE sent END
            WHERE id = @deliveryId
            """,
            new { deliveryId, status, error, retryAt = Time.ToMs(retryAt), now = Time.ToMs(now) }, tx, cancellationToken: ct));
        if (delivery.ChannelId != 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE channels SET last_error = @error, last_error_at = @at WHERE id = @id",
                new { id = delivery.ChannelId, error, at = error is null ? (long?)null : Time.ToMs(now) }, tx, cancellationToken: ct));
        }

        var what = delivery.ChannelId == 0 ? delivery.Kind : $"{delivery.Kind} to channel {delivery.ChannelId}";
        var detail = status switch
        {
            "sent" => $"Delivered {what} (step {delivery.Step}).",
            "failed" => $"Gave up on {what} (step {delivery.Step}): {error}",
            _ => $"Retrying {what} (step {delivery.Step}) at {retryAt:O}: {error}",
        };
        await AddEventAsync(connection, tx, delivery.IncidentId, now, $"delivery-{status}", detail, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Opens the incident a down monitor needs, or records why not: inside a maintenance window nothing opens
    /// (the monitor is marked pending); with an upstream incident open, the new one is attached to it and pages
    /// nobody. Returns whether an incident was opened.
    /// </summary>
    private static async Task<bool> OpenIncidentAsync(
        DbConnection connection, DbTransaction tx, Check check, FlipReason reason, string? detail, DateTimeOffset at,
        IncidentLookups lookups, CancellationToken ct)
    {
        var windows = await lookups.WindowsAsync(check, () => LoadMaintenanceAsync(connection, tx, check.ProjectId, ct));
        var upstream = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            """
            SELECT i.id FROM incidents i JOIN check_dependencies d ON d.upstream_id = i.check_id
            WHERE d.check_id = @checkId AND i.state = 'open' ORDER BY i.id LIMIT 1
            """,
            new { checkId = check.Id }, tx, cancellationToken: ct));
        var decision = IncidentRules.Decide(check, at, windows.Select(w => w.Window), upstream is not null);
        if (decision == IncidentDecision.Suppress)
        {
            await SetIncidentPendingAsync(connection, tx, check.Id, true, ct);
            return false;
        }

        var (policy, stepsJson) = await lookups.PolicyAsync(check, () => PolicyForAsync(connection, tx, check, ct));
        var next = decision == IncidentDecision.Open ? policy.NextStepAt(at, 0) : null;
        var id = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO incidents (check_id, opened, reason, detail, severity, state, steps, repeat_every_s, step, next_step_at, parent_id)
            VALUES (@checkId, @at, @reason, @detail, 'critical', 'open', @steps, @repeat, 0, @next, @parent)
            ON CONFLICT (check_id) WHERE state = 'open' DO NOTHING
            RETURNING id
            """,
            new
            {
                checkId = check.Id,
                at = Time.ToMs(at),
                reason = reason.ToWire(),
                detail,
                steps = stepsJson,
                repeat = policy.RepeatEvery is { } r ? (long?)r.TotalSeconds : null,
                next = Time.ToMs(next),
                parent = upstream,
            },
            tx, cancellationToken: ct));
        await SetIncidentPendingAsync(connection, tx, check.Id, false, ct);
        if (id is not { } incidentId)
        {
            return false;
        }

        var why = detail is null ? reason.ToWire() : $"{reason.ToWire()}: {detail}";
        await AddEventAsync(connection, tx, incidentId, at, "opened", decision == IncidentDecision.Open
            ? $"{check.Name} is down ({why})."
            : $"{check.Name} is down ({why}) while upstream incident {upstream} is open: attached, not paged.", ct);
        return true;
    }

    /// <summary>
    /// Resolves an open incident: pending alerts and actions are cancelled, every channel that was told hears of the
    /// recovery, every action that ran is undone, and incidents attached to this one start escalating on their own.
    /// </summary>
    private static async Task<bool> ResolveAsync(
        DbConnection connection, DbTransaction tx, long incidentId, DateTimeOffset now, string detail, CancellationToken ct)
    {
        var at = Time.ToMs(now);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE incidents SET state = 'resolved', resolved = @at, next_step_at = NULL WHERE id = @incidentId AND state = 'open'",
            new { incidentId, at }, tx, cancellationToken: ct));
        if (changed == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET status = 'cancelled' WHERE incident_id = @incidentId AND status = 'pending' AND kind IN ('alert', 'action', 'ack')",
            new { incidentId }, tx, cancellationToken: ct));
        await FollowUpToldChannelsAsync(connection, tx, incidentId, "recovery", at, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO deliveries (incident_id, step, channel_id, kind, status, attempts, next_attempt, payload, created)
            SELECT incident_id, step, 0, 'undo', 'pending', 0, @at, payload, @at FROM deliveries
            WHERE incident_id = @incidentId AND kind = 'action' AND status = 'sent'
            ON CONFLICT (incident_id, step, channel_id, kind) DO NOTHING
            """,
            new { incidentId, at }, tx, cancellationToken: ct));
        await AddEventAsync(connection, tx, incidentId, now, "resolved", detail, ct);

        var children = await connection.QueryAsync<IncidentRow>(new CommandDefinition(
            $"SELECT {IncidentRow.Columns} FROM incidents i WHERE i.parent_id = @incidentId AND i.state = 'open'",
            new { incidentId }, tx, cancellationToken: ct));
        foreach (var child in children)
        {
            // The downstream is still down after its upstream recovered: now it is a problem of its own,
            // escalated from the start of its policy.
            // An acknowledged one stays quiet: someone already owns it.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE incidents SET parent_id = NULL, opened = @at, next_step_at = @next WHERE id = @id",
                new { id = child.Id, at, next = child.Acknowledged is null ? Time.ToMs(child.Policy.NextStepAt(now, 0)) : null },
                tx, cancellationToken: ct));
            await AddEventAsync(connection, tx, child.Id, now, "detached",
                $"Upstream incident {incidentId} resolved but this monitor is still down: escalating on its own.", ct);
        }

        return true;
    }

    private static Task<int> FollowUpToldChannelsAsync(
        DbConnection connection, DbTransaction tx, long incidentId, string kind, long at, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO deliveries (incident_id, step, channel_id, kind, status, attempts, next_attempt, created)
            SELECT DISTINCT incident_id, 0, channel_id, @kind, 'pending', 0, @at, @at FROM deliveries
            WHERE incident_id = @incidentId AND kind = 'alert' AND status = 'sent'
            ON CONFLICT (incident_id, step, channel_id, kind) DO NOTHING
            """,
            new { incidentId, kind, at }, tx, cancellationToken: ct));

    private static async Task<EscalationPolicy> PolicyForAsync(DbConnection connection, DbTransaction tx, Check check, CancellationToken ct)
    {
        var row = await connection.QueryFirstOrDefaultAsync<(string Steps, long? RepeatEveryS)?>(new CommandDefinition(
            """
            SELECT steps, repeat_every_s FROM policies
            WHERE (id = @policyId) OR (@policyId IS NULL AND project_id = @projectId AND is_default = 1)
            ORDER BY id LIMIT 1
            """,
            new { policyId = check.PolicyId, projectId = check.ProjectId }, tx, cancellationToken: ct));
        return row is { } r ? PolicyJson.Policy(r.Steps, r.RepeatEveryS) : EscalationPolicy.Default;
    }

    private async Task<IReadOnlyList<long>> StepChannelsAsync(
        DbConnection connection, DbTransaction tx, long checkId, EscalationStep step, CancellationToken ct)
    {
        var explicitIds = await connection.QueryAsync<long>(new CommandDefinition(
            $"""
            SELECT c.id FROM channels c
            WHERE {InList("c.uuid", "@uuids")} AND c.project_id = (SELECT project_id FROM checks WHERE id = @checkId)
            """,
            new { uuids = step.Channels.Select(u => u.ToString()).ToArray(), checkId }, tx, cancellationToken: ct));
        var byKind = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT c.id FROM channels c JOIN check_channels cc ON cc.channel_id = c.id WHERE cc.check_id = @checkId AND {InList("c.kind", "@kinds")}",
            new { checkId, kinds = step.Kinds.ToArray() }, tx, cancellationToken: ct));
        return [.. explicitIds.Concat(byKind).Distinct().Order()];
    }

    private static Task<int> InsertDeliveryAsync(
        DbConnection connection, DbTransaction tx, long incidentId, int step, long channelId, string kind, string? payload, long at,
        CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO deliveries (incident_id, step, channel_id, kind, status, attempts, next_attempt, payload, created)
            VALUES (@incidentId, @step, @channelId, @kind, 'pending', 0, @at, @payload, @at)
            ON CONFLICT (incident_id, step, channel_id, kind) DO NOTHING
            """,
            new { incidentId, step = (long)step, channelId, kind, payload, at }, tx, cancellationToken: ct));

    private static Task<int> AddEventAsync(
        DbConnection connection, DbTransaction tx, long incidentId, DateTimeOffset at, string kind, string detail, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO incident_events (incident_id, at, kind, detail) VALUES (@incidentId, @at, @kind, @detail)",
            new { incidentId, at = Time.ToMs(at), kind, detail }, tx, cancellationToken: ct));

    private static Task<int> SetIncidentPendingAsync(DbConnection connection, DbTransaction tx, long checkId, bool pending, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE checks SET incident_pending = @pending WHERE id = @checkId",
            new { checkId, pending = pending ? 1L : 0L }, tx, cancellationToken: ct));

    private static async Task<IncidentRecord?> GetIncidentByIdAsync(DbConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryFirstOrDefaultAsync<IncidentRow>(new CommandDefinition(
            $"SELECT {IncidentRow.ColumnsWithCheck} FROM {IncidentRow.From} WHERE i.id = @id", new { id }, cancellationToken: ct)))?.ToRecord();
}
