namespace Stockbeat.Core.Runs;

/// <summary>One execution of a job: a start paired with its finish, or a finish alone.</summary>
/// <param name="Id">Storage key.</param>
/// <param name="CheckId">The monitor's storage key.</param>
/// <param name="Rid">The run id the pings carried, if any.</param>
/// <param name="StartedAt">When the start ping arrived; null for a finish without a known start.</param>
/// <param name="FinishedAt">When the finish ping arrived; null while running or timed out.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="ExitStatus">The exit status the finish ping gave, if any.</param>
/// <param name="Reason">Why it failed or timed out, in words, or a note on its report.</param>
/// <param name="Report">What the run reported, if anything.</param>
/// <param name="Log">The output excerpt the run sent, if any.</param>
public sealed record Run(
    long Id,
    long CheckId,
    Guid? Rid,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    RunOutcome Outcome,
    int? ExitStatus,
    string? Reason,
    RunReport? Report,
    string? Log)
{
    /// <summary>From start to finish, when both are known.</summary>
    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f && f >= s ? f - s : null;
}
