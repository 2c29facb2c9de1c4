namespace Stockbeat.Core.Pings;

/// <summary>What a ping says about a run.</summary>
public enum PingKind
{
    /// <summary>The run succeeded (plain ping or exit status 0).</summary>
    Success,

    /// <summary>A run started.</summary>
    Start,

    /// <summary>The run failed (<c>/fail</c> or a non-zero exit status).</summary>
    Fail,

    /// <summary>A log line; no state change.</summary>
    Log,

    /// <summary>Stored but ignored: wrong HTTP method, or a paused monitor with manual resume.</summary>
    Ignored,
}

/// <summary>Wire names of ping kinds, as Healthchecks spells them.</summary>
public static class PingKindNames
{
    /// <summary>The wire name (<c>success</c>, <c>start</c>, <c>fail</c>, <c>log</c>, <c>ign</c>).</summary>
    public static string ToWire(this PingKind kind) => kind switch
    {
        PingKind.Success => "success",
        PingKind.Start => "start",
        PingKind.Fail => "fail",
        PingKind.Log => "log",
        PingKind.Ignored => "ign",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a stored wire name.</summary>
    /// <exception cref="FormatException">Not a ping kind.</exception>
    public static PingKind Parse(string wire) => wire switch
    {
        "success" => PingKind.Success,
        "start" => PingKind.Start,
        "fail" => PingKind.Fail,
        "log" => PingKind.Log,
        "ign" => PingKind.Ignored,
        _ => throw new FormatException($"Unknown ping kind '{wire}'."),
    };

    /// <summary>Whether the kind ends a run.</summary>
    public static bool IsFinish(this PingKind kind) => kind is PingKind.Success or PingKind.Fail;
}
