namespace Stockbeat.Core.Checks;

/// <summary>What a monitored job does, which changes how its runs are timed.</summary>
public static class JobKinds
{
    /// <summary>A sync: a start, the work, a finish.</summary>
    public const string Sync = "sync";

    /// <summary>
    /// A marketplace feed (Amazon-style): the start is the submission and the success is the platform's report that
    /// processing completed, so a run may last as long as the platform's processing delay.
    /// </summary>
    public const string Feed = "feed";

    /// <summary>
    /// A flow of events (webhook deliveries, orders) rather than runs: at least N pings per window are expected, and
    /// silence is an incident.
    /// </summary>
    public const string EventFlow = "event_flow";

    /// <summary>The kinds, for validation messages.</summary>
    public static readonly IReadOnlyList<string> All = [Sync, Feed, EventFlow];
}
