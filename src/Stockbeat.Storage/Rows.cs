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

    public FlipRecord ToRecord() => new(Id, CheckId, new Flip(
        StatusNames.ParseStored(OldStatus), StatusNames.ParseStored(NewStatus), Time.FromMs(Created),
        FlipReasonNames.Parse(Reason)));
}

internal sealed class IncidentRow
{
    public long Id { get; set; }
    public long CheckId { get; set; }
    public long Opened { get; set; }
    public string Reason { get; set; } = "";
    public string Severity { get; set; } = "";
    public string State { get; set; } = "";
    public long? Resolved { get; set; }

    public IncidentRecord ToRecord() => new(
        Id, CheckId, Time.FromMs(Opened), FlipReasonNames.Parse(Reason), Severity, State, Time.FromMs(Resolved));
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
