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
    DateTimeOffset Received);

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
public sealed record IncidentRecord(long Id, long CheckId, DateTimeOffset Opened, FlipReason Reason, string Severity, string State, DateTimeOffset? Resolved);

/// <summary>A flip claimed for notification, with what the notifier needs to know.</summary>
public sealed record PendingAlert(FlipRecord Flip, Check Check, IReadOnlyList<ChannelRecord> Channels);

/// <summary>A change to one monitor decided by pure rules; null <paramref name="Updated"/> leaves it unchanged.</summary>
public sealed record CheckEdit(Check? Updated, Flip? Flip = null)
{
    /// <summary>No change.</summary>
    public static readonly CheckEdit None = new(Updated: null);
}
