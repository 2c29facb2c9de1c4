namespace Stockbeat.Core.Checks;

/// <summary>Why a monitor changed status.</summary>
public enum FlipReason
{
    /// <summary>A success ping arrived.</summary>
    Success,

    /// <summary>The expected ping did not arrive within the grace period.</summary>
    Missed,

    /// <summary>The job reported failure (a fail ping or a non-zero exit status).</summary>
    Failed,

    /// <summary>A started run did not finish within its maximum runtime.</summary>
    Timeout,

    /// <summary>A user paused the monitor.</summary>
    Paused,

    /// <summary>A user resumed the monitor.</summary>
    Resumed,
}

/// <summary>A status change of a monitor.</summary>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="At">When it happened; for a missed deadline, the deadline itself.</param>
/// <param name="Reason">Why.</param>
/// <param name="Detail">The reason in words when there is more to say, e.g. "6.1% of SKUs failed (limit 5%)".</param>
public sealed record Flip(CheckStatus From, CheckStatus To, DateTimeOffset At, FlipReason Reason, string? Detail = null)
{
    /// <summary>Whether people should hear about it: going down, or coming back up from down.</summary>
    public bool IsAlert => To == CheckStatus.Down || (To == CheckStatus.Up && From == CheckStatus.Down);

    /// <summary>
    /// Whether the flip opens or resolves an incident. Only a down monitor has one open or pending (every flip out of
    /// down resolves it), so a flip between other statuses (a first ping, a pause, a resume) is history only.
    /// </summary>
    public bool TouchesIncident => From == CheckStatus.Down || To == CheckStatus.Down;
}

/// <summary>Wire names of flip reasons.</summary>
public static class FlipReasonNames
{
    /// <summary>The lower-case wire name.</summary>
    public static string ToWire(this FlipReason reason) => reason switch
    {
        FlipReason.Success => "success",
        FlipReason.Missed => "missed",
        FlipReason.Failed => "failed",
        FlipReason.Timeout => "timeout",
        FlipReason.Paused => "paused",
        FlipReason.Resumed => "resumed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>Parses a stored wire name.</summary>
    /// <exception cref="FormatException">Not a reason name.</exception>
    public static FlipReason Parse(string wire) => wire switch
    {
        "success" => FlipReason.Success,
        "missed" => FlipReason.Missed,
        "failed" => FlipReason.Failed,
        "timeout" => FlipReason.Timeout,
        "paused" => FlipReason.Paused,
        "resumed" => FlipReason.Resumed,
        _ => throw new FormatException($"Unknown flip reason '{wire}'."),
    };
}
