using System.Diagnostics;
using System.Globalization;
using Stockbeat.Core.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Bench;

/// <summary>
/// The ping writer alone at scale, for as long as asked: <c>writer [--monitors N] [--keep-pings K] [--batch B]
/// [--seconds S]</c>. Seeds N monitors in a temp SQLite file, stores one ping for each (so that the writer has seen
/// them all, as after a server's warm-up), then stores batches of plain pings to random monitors, with the checkpoint
/// worker's pass every 250 ms beside it, and prints pings/s and the process's CPU per ping. With a small K every ping
/// also prunes its monitor's oldest one, as in a long-lived installation.
/// </summary>
internal static class WriterRun
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        int monitors = 100_000, keep = 100, batchSize = 256, seconds = 15;
        for (var i = 1; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--monitors": monitors = value; break;
                case "--keep-pings": keep = value; break;
                case "--batch": batchSize = value; break;
                case "--seconds": seconds = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        var folder = Directory.CreateTempSubdirectory("stockbeat-writer-").FullName;
        try
        {
            var store = SqliteStore.Open(Path.Combine(folder, "stockbeat.db"));
            await store.MigrateAsync(CancellationToken.None);
            var uuids = await BenchMonitors.SeedAsync(store, monitors, Start);
            var now = Start.AddHours(1);
            foreach (var chunk in uuids.Chunk(1_000))
            {
                now = now.AddSeconds(1);
                await store.IngestPingsAsync([.. chunk.Select(u => BenchMonitors.Ping(u, PingKind.Success, null, now))], keep, CancellationToken.None);
            }

            using var stop = new CancellationTokenSource();
            var checkpoints = CheckpointAsync(store, stop.Token);
            var random = new Random(1);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long stored = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var batch = new PingSubmission[batchSize];
                for (var i = 0; i < batch.Length; i++)
                {
                    now = now.AddMilliseconds(1);
                    batch[i] = BenchMonitors.Ping(uuids[random.Next(uuids.Length)], PingKind.Success, null, now);
                }

                // As the server's storing thread: journaled pings, through its own connection and page cache.
                stored += batch.Length;
                await store.ApplyJournaledPingsAsync(batch, keep, journalEnd: stored, CancellationToken.None);
            }

            var elapsed = clock.Elapsed;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            await stop.CancelAsync();
            await checkpoints;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"writer: {monitors} monitors, KeepPings {keep}, batches of {batchSize}: {stored / elapsed.TotalSeconds:F0} pings/s, {cpu.TotalMicroseconds / stored:F1} µs CPU per ping"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task CheckpointAsync(SqliteStore store, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await store.CheckpointAsync(CancellationToken.None);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
