namespace Stockbeat.Core.Checks;

/// <summary>The status stored on a monitor row.</summary>
public enum CheckStatus
{
    /// <summary>Never pinged since it was created or resumed.</summary>
    New,

    /// <summary>The last finished run succeeded and the next one is not overdue.</summary>
    Up,

    /// <summary>Missed, failed or timed out.</summary>
    Down,

    /// <summary>Paused by a user: no alerts.</summary>
    Paused,
}

/// <summary>The status shown to users: the stored one plus <see cref="Grace"/>, computed at a moment.</summary>
public enum ComputedStatus
{
    /// <summary>Never pinged.</summary>
    New,

    /// <summary>On time.</summary>
    Up,

    /// <summary>Late, but inside the grace period.</summary>
    Grace,

    /// <summary>Missed, failed or timed out.</summary>
    Down,

    /// <summary>Paused.</summary>
    Paused,
}

/// <summary>Wire names of statuses, as Healthchecks spells them.</summary>
public static class StatusNames
{
    /// <summary>The lower-case wire name.</summary>
    public static string ToWire(this CheckStatus status) => status switch
    {
        CheckStatus.New => "new",
        CheckStatus.Up => "up",
        CheckStatus.Down => "down",
        CheckStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The lower-case wire name.</summary>
    public static string ToWire(this ComputedStatus status) => status switch
    {
        ComputedStatus.New => "new",
        ComputedStatus.Up => "up",
        ComputedStatus.Grace => "grace",
        ComputedStatus.Down => "down",
        ComputedStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Parses a stored wire name.</summary>
    /// <exception cref="FormatException">Not a stored status name.</exception>
    public static CheckStatus ParseStored(string wire) => wire switch
    {
        "new" => CheckStatus.New,
        "up" => CheckStatus.Up,
        "down" => CheckStatus.Down,
        "paused" => CheckStatus.Paused,
        _ => throw new FormatException($"Unknown check status '{wire}'."),
    };
}
