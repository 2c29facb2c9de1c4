using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Storage;

/// <summary>A ping as received, waiting to be stored.</summary>
/// <param name="Path">What the URL asked for.</param>
/// <param name="Create">The <c>?create=1</c> flag of slug URLs.</param>
/// <param name="Rid">The run id, when it was a valid UUID.</param>
/// <param name="RidInvalid">A <c>rid</c> was given but is not a UUID: answered 400 once the monitor is known.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="RemoteAddress">Client address.</param>
/// <param name="Scheme">http or https.</param>
/// <param name="UserAgent">User agent, already cut to 200 characters.</param>
/// <param name="Body">Body, already cut to the body limit.</param>
/// <param name="Received">Receive time.</param>
/// <param name="Report">The run report in the body of a finish ping, if it is one.</param>
/// <param name="ReportProblem">Why a body that looked like a report was not read as one, or what it ignored.</param>
public sealed record PingSubmission(
    PingPath Path,
    bool Create,
    Guid? Rid,
    bool RidInvalid,
    string Method,
    string RemoteAddress,
    string Scheme,
    string UserAgent,
    byte[] Body,
    DateTimeOffset Received,
    Stockbeat.Core.Runs.RunReport? Report = null,
    string? ReportProblem = null)
{
    /// <summary>A ping with the run report of its body read, when it is a finish ping whose body is one.</summary>
    public static PingSubmission FromRequest(
        PingPath path, bool create, Guid? rid, bool ridInvalid, string method, string remoteAddress, string scheme,
        string userAgent, byte[] body, DateTimeOffset received)
    {
        Stockbeat.Core.Runs.RunReport? report = null;
        string? problem = null;
        if (path.Kind.IsFinish() && body.Length > 0 && !Stockbeat.Core.Runs.RunReport.TryParse(body, out report, out problem))
        {
            report = null;
        }

        return new PingSubmission(path, create, rid, ridInvalid, method, remoteAddress, scheme, userAgent, body, received, report, problem);
    }
}

/// <summary>The answer to one stored (or refused) ping.</summary>
public enum PingResult
{
    /// <summary>Stored: <c>200 OK</c>.</summary>
    Ok,

    /// <summary>Stored on a monitor the ping itself created: <c>201 Created</c>.</summary>
    Created,

    /// <summary>No such monitor or ping key: <c>404 not found</c>.</summary>
    NotFound,

    /// <summary>Exit status above 255: <c>400 invalid url format</c>.</summary>
    InvalidUrlFormat,

    /// <summary>A <c>rid</c> that is not a UUID: <c>400 invalid uuid format</c>.</summary>
    InvalidUuidFormat,

    /// <summary>Two monitors share the slug: <c>409 ambiguous slug</c>.</summary>
    AmbiguousSlug,
}

/// <summary>A stored ping.</summary>
public sealed record StoredPing(
    int N,
    PingKind Kind,
    DateTimeOffset Created,
    int? ExitStatus,
    Guid? Rid,
    string Method,
    string RemoteAddress,
    string Scheme,
    string UserAgent,
    int BodySize,
    TimeSpan? Duration);

/// <summary>A stored status change.</summary>
public sealed record FlipRecord(long Id, long CheckId, Flip Flip);

/// <summary>What an API key opens.</summary>
public sealed record ApiKeyMatch(long ProjectId, bool ReadOnly);

/// <summary>A notification channel.</summary>
/// <param name="Id">Storage key.</param>
/// <param name="Uuid">Public id.</param>
/// <param name="ProjectId">Owning project.</param>
/// <param name="Kind">Channel kind, for example <c>webhook</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Config">Kind-specific settings as JSON.</param>
/// <param name="LastError">The receiver's last error, if the last delivery failed.</param>
public sealed record ChannelRecord(long Id, Guid Uuid, long ProjectId, string Kind, string Name, string Config, string? LastError);

/// <summary>An incident: a monitor went down and is not yet back.</summary>
/// <param name="Step">How many escalation steps have fired.</param>
/// <param name="NextStepAt">When the next step fires; null when acknowledged, resolved, attached or finished.</param>
/// <param name="ParentId">The upstream incident this one is a consequence of.</param>
public sealed record IncidentRecord(
    long Id, long CheckId, DateTimeOffset Opened, FlipReason Reason, string Severity, string State, DateTimeOffset? Resolved,
    int Step = 0, DateTimeOffset? NextStepAt = null, DateTimeOffset? Acknowledged = null, string? AcknowledgedBy = null,
    long? ParentId = null, Guid CheckUuid = default)
{
    /// <summary>The escalation steps the incident started with.</summary>
    public Stockbeat.Core.Incidents.EscalationPolicy Policy { get; init; } = new([], null);

    /// <summary>The reason in words when the flip had more to say, e.g. the error rate of a failed run.</summary>
    public string? Detail { get; init; }

    /// <summary>The monitor's name, where the incident was read with its monitor.</summary>
    public string? CheckName { get; init; }
}


/// <summary>A change to one monitor decided by pure rules; null <paramref name="Updated"/> leaves it unchanged.</summary>
public sealed record CheckEdit(Check? Updated, Flip? Flip = null)
{
    /// <summary>No change.</summary>
    public static readonly CheckEdit None = new(Updated: null);
}

/// <summary>A stored escalation policy.</summary>
public sealed record PolicyRecord(long Id, Guid Uuid, long ProjectId, string Name, Stockbeat.Core.Incidents.EscalationPolicy Policy, bool IsDefault);

/// <summary>A stored maintenance window.</summary>
public sealed record MaintenanceRecord(long Id, long ProjectId, Stockbeat.Core.Incidents.MaintenanceWindow Window);

/// <summary>A line of an incident's timeline.</summary>
public sealed record IncidentEvent(DateTimeOffset At, string Kind, string Detail);

/// <summary>One (incident, step, channel, kind) delivery.</summary>
/// <param name="Kind"><c>alert</c>, <c>recovery</c>, <c>ack</c>, <c>action</c> or <c>undo</c>.</param>
/// <param name="Status"><c>pending</c>, <c>sent</c>, <c>failed</c> or <c>cancelled</c>.</param>
public sealed record DeliveryRecord(
    long Id, long IncidentId, int Step, long ChannelId, string Kind, string Status, int Attempts,
    DateTimeOffset? NextAttempt, string? LastError, DateTimeOffset Created, DateTimeOffset? Sent, string? Payload);

/// <summary>A claimed delivery with everything needed to send it.</summary>
public sealed record DeliveryWork(DeliveryRecord Delivery, IncidentRecord Incident, Check Check, ChannelRecord? Channel);

/// <summary>A stored insight: a condition found in a monitor's runs, from when it was found until it ended.</summary>
public sealed record InsightRecord(
    long Id, long CheckId, string Kind, string Severity, string Message, DateTimeOffset OpenedAt, DateTimeOffset? ClearedAt);

/// <summary>One analysed monitor: the conditions its runs show now, and the analysis count the pass started from.</summary>
public sealed record InsightSync(long CheckId, long Due, IReadOnlyList<Stockbeat.Core.Analysis.Insight> Current);

/// <summary>
/// What one pass of a worker's store call did, and how many items it left alone because a ping to their monitor may be
/// acknowledged and not stored yet (the caller waits for those pings, then calls again).
/// </summary>
/// <param name="Done">Items acted on: incidents opened, or escalation steps fired.</param>
/// <param name="HeldBack">Items skipped for a ping that may change them.</param>
public readonly record struct HeldBackPass(int Done, int HeldBack);

/// <summary>Which monitors of a project to read: those with each of these that is given.</summary>
/// <param name="Tags">The tags exactly as stored (space-separated, in their order).</param>
/// <param name="PeriodSeconds">The period of a simple (not cron) schedule.</param>
/// <param name="GraceSeconds">The grace time.</param>
public sealed record CheckFilter(
    string? Name = null, string? Slug = null, string? Tags = null, long? PeriodSeconds = null, long? GraceSeconds = null);
