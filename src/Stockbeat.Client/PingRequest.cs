namespace Stockbeat.Client;

/// <summary>
/// One ping: its kind, an optional run id and an optional body (plain text, or a <see cref="RunReport"/> sent as
/// JSON). Start from <see cref="Success"/>, <see cref="Start"/>, <see cref="Fail"/>, <see cref="Log"/> or
/// <see cref="Exit"/> and add the rest with <c>with { … }</c>.
/// </summary>
public sealed record PingRequest
{
    private PingRequest(PingKind kind, int? exitStatus = null)
    {
        Kind = kind;
        ExitStatus = exitStatus;
    }

    /// <summary>A success ping.</summary>
    public static PingRequest Success => new(PingKind.Success);

    /// <summary>A start ping.</summary>
    public static PingRequest Start => new(PingKind.Start);

    /// <summary>A failure ping.</summary>
    public static PingRequest Fail => new(PingKind.Fail);

    /// <summary>A log ping, which changes no state.</summary>
    public static PingRequest Log => new(PingKind.Log);

    /// <summary>What the ping tells the server.</summary>
    public PingKind Kind { get; }

    /// <summary>The exit status (0–255) of an <see cref="PingKind.ExitStatus"/> ping; otherwise <see langword="null"/>.</summary>
    public int? ExitStatus { get; }

    /// <summary>The run id that pairs a start with its finish (<c>?rid=</c>).</summary>
    public Guid? RunId { get; init; }

    /// <summary>Plain text sent as the body. Mutually exclusive with <see cref="Report"/> (put text in <see cref="RunReport.Log"/> instead).</summary>
    public string? Body { get; init; }

    /// <summary>A run report sent as a JSON body.</summary>
    public RunReport? Report { get; init; }

    /// <summary>An exit status ping: 0 is success, 1–255 failure.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exitStatus"/> is not between 0 and 255.</exception>
    public static PingRequest Exit(int exitStatus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exitStatus);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exitStatus, 255);
        return new PingRequest(PingKind.ExitStatus, exitStatus);
    }
}
