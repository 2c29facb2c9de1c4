using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Storage;

internal sealed class PingRow
{
    public long N { get; set; }
    public string Kind { get; set; } = "";
    public long Created { get; set; }
    public long? ExitStatus { get; set; }
    public string? Rid { get; set; }
    public string Method { get; set; } = "";
    public string RemoteAddr { get; set; } = "";
    public string Scheme { get; set; } = "";
    public string Ua { get; set; } = "";
    public long BodySize { get; set; }
    public long? DurationMs { get; set; }

    public StoredPing ToPing() => new(
        (int)N,
        PingKindNames.Parse(Kind),
        Time.FromMs(Created),
        (int?)ExitStatus,
        Rid is null ? null : Guid.Parse(Rid),
        Method,
        RemoteAddr,
        Scheme,
        Ua,
        (int)BodySize,
        DurationMs is { } d ? TimeSpan.FromMilliseconds(d) : null);
}

internal sealed class FlipRow
{
    public long Id { get; set; }
    public long CheckId { get; set; }
    public long Created { get; set; }
    public string OldStatus { get; set; } = "";
    public string NewStatus { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? Detail { get; set; }

    public FlipRecord ToRecord() => new(Id, CheckId, new Flip(
        StatusNames.ParseStored(OldStatus), StatusNames.ParseStored(NewStatus), Time.FromMs(Created),
        FlipReasonNames.Parse(Reason), Detail));
}

internal sealed class IncidentRow
{
    /// <summary>The incident's own columns (lockable with FOR UPDATE).</summary>
    public const string Columns =
        "i.id, i.check_id, i.opened, i.reason, i.severity, i.state, i.resolved, i.step, i.next_step_at, i.acknowledged, " +
        "i.acknowledged_by, i.parent_id, i.steps, i.repeat_every_s, i.detail";

    /// <summary>With the monitor's uuid and name; use with <see cref="From"/>.</summary>
    public const string ColumnsWithCheck = Columns + ", c.uuid AS check_uuid, c.name AS check_name";

    public const string From = "incidents i JOIN checks c ON c.id = i.check_id";

    public long Id { get; set; }
    public long CheckId { get; set; }
    public long Opened { get; set; }
    public string Reason { get; set; } = "";
    public string Severity { get; set; } = "";
    public string State { get; set; } = "";
    public long? Resolved { get; set; }
    public long Step { get; set; }
    public long? NextStepAt { get; set; }
    public long? Acknowledged { get; set; }
    public string? AcknowledgedBy { get; set; }
    public long? ParentId { get; set; }
    public string? Steps { get; set; }
    public long? RepeatEveryS { get; set; }
    public string? CheckUuid { get; set; }
    public string? CheckName { get; set; }
    public string? Detail { get; set; }

    public Stockbeat.Core.Incidents.EscalationPolicy Policy => Steps is null
        ? new Stockbeat.Core.Incidents.EscalationPolicy([], null)
        : PolicyJson.Policy(Steps, RepeatEveryS);

    public IncidentRecord ToRecord() => new(
        Id, CheckId, Time.FromMs(Opened), FlipReasonNames.Parse(Reason), Severity, State, Time.FromMs(Resolved),
        (int)Step, Time.FromMs(NextStepAt), Time.FromMs(Acknowledged), AcknowledgedBy, ParentId,
        CheckUuid is null ? Guid.Empty : Guid.Parse(CheckUuid))
    {
        Policy = Policy,
        Detail = Detail,
        CheckName = CheckName,
    };
}

internal sealed class DeliveryRow
{
    public const string Columns =
        "d.id, d.incident_id, d.step, d.channel_id, d.kind, d.status, d.attempts, d.next_attempt, d.last_error, d.created, d.sent, d.payload";

    public long Id { get; set; }
    public long IncidentId { get; set; }
    public long Step { get; set; }
    public long ChannelId { get; set; }
    public string Kind { get; set; } = "";
    public string Status { get; set; } = "";
    public long Attempts { get; set; }
    public long? NextAttempt { get; set; }
    public string? LastError { get; set; }
    public long Created { get; set; }
    public long? Sent { get; set; }
    public string? Payload { get; set; }

    public DeliveryRecord ToRecord() => new(
        Id, IncidentId, (int)Step, ChannelId, Kind, Status, (int)Attempts, Time.FromMs(NextAttempt), LastError,
        Time.FromMs(Created), Time.FromMs(Sent), Payload);
}

internal sealed class ChannelRow
{
    public const string Columns = "c.id, c.uuid, c.project_id, c.kind, c.name, c.config, c.last_error";

    public long Id { get; set; }
    public string Uuid { get; set; } = "";
    public long ProjectId { get; set; }
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string Config { get; set; } = "";
    public string? LastError { get; set; }

    public ChannelRecord ToRecord() => new(Id, Guid.Parse(Uuid), ProjectId, Kind, Name, Config, LastError);
}

internal sealed class RunRow
{
    public const string Columns = "id, check_id, rid, started_at, finished_at, outcome, exit_status, reason, report, log";

    /// <summary>Every column but the log excerpt, which can be kilobytes a run (SQLite then reads it from overflow pages).</summary>
    public const string ColumnsWithoutLog = "id, check_id, rid, started_at, finished_at, outcome, exit_status, reason, report, NULL AS log";

    public long Id { get; set; }
    public long CheckId { get; set; }
    public string? Rid { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public string Outcome { get; set; } = "";
    public long? ExitStatus { get; set; }
    public string? Reason { get; set; }
    public string? Report { get; set; }
    public string? Log { get; set; }

    public Stockbeat.Core.Runs.Run ToRun() => new(
        Id, CheckId, Rid is null ? null : Guid.Parse(Rid), Time.FromMs(StartedAt), Time.FromMs(FinishedAt),
        Stockbeat.Core.Runs.RunOutcomeNames.Parse(Outcome), (int?)ExitStatus, Reason,
        Report is null ? null : RunJson.Deserialize(Report, Log), Log);
}

internal sealed class InsightRow
{
    public const string Columns = "id, check_id, kind, severity, message, opened_at, cleared_at";

    public long Id { get; set; }
    public long CheckId { get; set; }
    public string Kind { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Message { get; set; } = "";
    public long OpenedAt { get; set; }
    public long? ClearedAt { get; set; }

    public InsightRecord ToRecord() => new(Id, CheckId, Kind, Severity, Message, Time.FromMs(OpenedAt), Time.FromMs(ClearedAt));
}
