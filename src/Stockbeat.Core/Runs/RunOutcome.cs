namespace Stockbeat.Core.Runs;

/// <summary>How a run ended, or that it has not yet.</summary>
public enum RunOutcome
{
    /// <summary>Started and not finished yet.</summary>
    Running,

    /// <summary>Finished successfully, within the error threshold.</summary>
    Success,

    /// <summary>Reported failure, a non-zero exit status, or too many errors for a success.</summary>
    Failed,

    /// <summary>Did not finish within its maximum runtime.</summary>
    Timeout,
}

/// <summary>Wire names of run outcomes.</summary>
public static class RunOutcomeNames
{
    /// <summary>The lower-case wire name.</summary>
    public static string ToWire(this RunOutcome outcome) => outcome switch
    {
        RunOutcome.Running => "running",
        RunOutcome.Success => "success",
        RunOutcome.Failed => "failed",
        RunOutcome.Timeout => "timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>Parses a stored wire name.</summary>
    /// <exception cref="FormatException">Not an outcome name.</exception>
    public static RunOutcome Parse(string wire) => wire switch
    {
        "running" => RunOutcome.Running,
        "success" => RunOutcome.Success,
        "failed" => RunOutcome.Failed,
        "timeout" => RunOutcome.Timeout,
        _ => throw new FormatException($"Unknown run outcome '{wire}'."),
    };
}
