using BenchmarkDotNet.Attributes;
using Stockbeat.Core.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Bench;

/// <summary>
/// The ping writer alone: one group-commit batch stored through <see cref="IStore.IngestPingsAsync"/> on a real SQLite
/// file (WAL, synchronous=FULL), without HTTP. Pings/s of the writer = batch size / mean.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int Monitors = 2_000;
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(7);
    private string _folder = "";
    private SqliteStore _store = null!;
    private Guid[] _uuids = [];
    private DateTimeOffset _now = Start;

    /// <summary>Pings per batch, as the writer takes them off its queue.</summary>
    [Params(64, 256)]
    public int BatchSize { get; set; }

    /// <summary><c>plain</c>: success pings without run id; <c>runs</c>: start and finish pairs with run ids.</summary>
    [Params("plain", "runs")]
    public string Traffic { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("stockbeat-ingest-").FullName;
        _store = SqliteStore.Open(Path.Combine(_folder, "stockbeat.db"));
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _uuids = BenchMonitors.SeedAsync(_store, Monitors, Start).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public Task<IReadOnlyList<PingResult>> IngestBatch()
    {
        var batch = new PingSubmission[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            _now = _now.AddMilliseconds(1);
            var uuid = _uuids[_random.Next(Monitors)];
            if (Traffic == "plain")
            {
                batch[i] = Ping(uuid, PingKind.Success, null);
                continue;
            }

            // A start and its finish in the same batch, as a short job gives.
            var rid = Guid.NewGuid();
            batch[i] = Ping(uuid, PingKind.Start, rid);
            if (++i < batch.Length)
            {
                batch[i] = Ping(uuid, PingKind.Success, rid);
            }
        }

        return _store.IngestPingsAsync(batch, 100, CancellationToken.None);
    }

    private PingSubmission Ping(Guid uuid, PingKind kind, Guid? rid) => BenchMonitors.Ping(uuid, kind, rid, _now);
}
