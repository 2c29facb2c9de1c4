namespace Stockbeat.Core.Pings;

/// <summary>Which of a monitor's pings are kept, and when older ones are deleted.</summary>
/// <remarks>
/// A monitor's kept pings span several database pages. Deleting the oldest with each new ping wrote a second page per
/// ping besides the one the new ping went to: 10–20 % of the ping throughput once monitors had their fill
/// (docs/benchmarks.md). Deleting them a step at a time shares that page among a step's pings.
/// </remarks>
public static class PingRetention
{
    /// <summary>How many pings are deleted at once: a tenth of those kept, at least one.</summary>
    public static int Step(int keep) => Math.Max(1, keep / 10);

    /// <summary>
    /// The number of the newest ping to delete once ping number <paramref name="count"/> is stored, with everything
    /// older; null when no step is due yet. Until then a monitor holds up to <see cref="Step"/> − 1 pings more than it keeps.
    /// </summary>
    public static long? DeleteThrough(long count, int keep)
    {
        var excess = count - keep;
        return excess > 0 && excess % Step(keep) == 0 ? excess : null;
    }

    /// <summary>
    /// Whether ping number <paramref name="n"/> is among the newest <paramref name="keep"/> of a monitor that has had
    /// <paramref name="count"/>: older pings may still be stored, waiting for the next step, but are never shown.
    /// </summary>
    public static bool IsKept(long n, long count, int keep) => n > count - keep && n <= count;
}
