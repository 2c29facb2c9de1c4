namespace Stockbeat.Client;

/// <summary>How long to wait before the next attempt of a ping.</summary>
internal static class RetryDelays
{
    /// <summary>
    /// The wait after failed attempt <paramref name="attempt"/> (1, 2, …): the server's <c>Retry-After</c> if it
    /// gave one, otherwise <c>initial × 2^(attempt-1)</c>; never more than <paramref name="max"/>.
    /// </summary>
    /// <param name="jitter">A random number in [0, 1): the backoff is scaled to between half and all of itself.</param>
    public static TimeSpan After(int attempt, TimeSpan? retryAfter, TimeSpan initial, TimeSpan max, double jitter)
    {
        if (retryAfter is { } wait)
        {
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
        }

        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);

        // Half fixed, half random: retries of many jobs hit by the same outage spread out instead of arriving together.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (jitter / 2)));
    }
}
