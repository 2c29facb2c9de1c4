namespace Stockbeat.Server.Workers;

/// <summary>
/// The rest a background pass takes after each batch it writes beside the ping writer: three times as long as the batch
/// took, so the pass has at most a quarter of the database's time. On SQLite a writer waiting for the lock sleeps in steps
/// of up to 100 ms, and batches back to back kept taking the lock before it woke (docs/benchmarks.md).
/// </summary>
internal static class BatchRest
{
    private const int TimesTheBatch = 3;

    /// <summary>Rests after a batch that began at <paramref name="started"/>, a <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public static Task AfterAsync(TimeProvider time, long started, CancellationToken ct) =>
        Task.Delay(time.GetElapsedTime(started) * TimesTheBatch, time, ct);
}
