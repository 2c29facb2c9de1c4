namespace Stockbeat.Alerts;

/// <summary>What a channel is told about a monitor's status change.</summary>
/// <param name="Event"><c>down</c> or <c>up</c>.</param>
/// <param name="CheckUuid">The monitor's uuid.</param>
/// <param name="CheckName">The monitor's name.</param>
/// <param name="Slug">The monitor's slug.</param>
/// <param name="Tags">The monitor's tags.</param>
/// <param name="Reason">Why: missed, failed, timeout, success.</param>
/// <param name="At">When the status changed.</param>
/// <param name="LastPing">The last success or failure ping, if any.</param>
public sealed record AlertEvent(
    string Event,
    Guid CheckUuid,
    string CheckName,
    string Slug,
    IReadOnlyList<string> Tags,
    string Reason,
    DateTimeOffset At,
    DateTimeOffset? LastPing);
