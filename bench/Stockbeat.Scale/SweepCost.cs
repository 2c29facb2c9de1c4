using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Server.Workers;
using Stockbeat.Storage;

namespace Stockbeat.Scale;

/// <summary>Timings of one database's sweep, in microseconds.</summary>
/// <param name="Plan">SQLite's query plan for the sweep's due query.</param>
/// <param name="FindNoneDue">The due query when nothing is due (median, p99 of the timed loop).</param>
/// <param name="FindHundredDue">The due query when 100 monitors are due, rows read into monitors.</param>
/// <param name="PassNoneDue">A whole <see cref="DeadlineSweeper"/> pass with nothing due.</param>
/// <param name="PassHundredDue">Whole passes that flip 100 monitors and open their incidents (each pass on the next 100).</param>
internal sealed record SweepTimings(
    int Monitors, IReadOnlyList<string> Plan, Summary FindNoneDue, Summary FindHundredDue, Summary PassNoneDue, Summary PassHundredDue);

/// <summary>
/// Times the server's own sweep against a database at a fixed "now" just before the earliest stored deadline: with
/// nothing due, then with 100 monitors made due. The same code as in <c>stockbeat serve</c>, without the timer.
/// </summary>
internal static class SweepCost
{
    private const int DueQueryLimit = 500;
    private const int Warmup = 20;
    private const int Iterations = 200;
    private const int FlippingPasses = 5;

    public static async Task<SweepTimings> MeasureAsync(string path, int monitors, CancellationToken ct)
    {
        var store = SqliteStore.Open(path);
        var plan = await PlanAsync(path, ct);
        // Many cron monitors share a deadline, so "the 100th deadline" may make more than 100 due. Instead, 100 simple
        // monitors are given deadlines just before the earliest stored one, and "now" is set just before that earliest.
        var now = (await EarliestDeadlineAsync(path, ct)).AddMilliseconds(-1);
        var sweeper = new DeadlineSweeper(store, new PingBacklog(), new FixedTime(now), NullLogger<DeadlineSweeper>.Instance);

        var findNone = await TimeAsync(async () => Expect(0, (await store.FindDueChecksAsync(now, DueQueryLimit, ct)).Count), ct);
        var passNone = await TimeAsync(async () => Expect(0, await sweeper.RunOnceAsync(ct)), ct);
        await MakeDueAsync(path, now, ct);
        var findHundred = await TimeAsync(async () => Expect(100, (await store.FindDueChecksAsync(now, DueQueryLimit, ct)).Count), ct);

        var flipping = new List<double>(FlippingPasses);
        for (var pass = 0; pass < FlippingPasses; pass++)
        {
            if (pass > 0)
            {
                await MakeDueAsync(path, now, ct);
            }

            var clock = Stopwatch.StartNew();
            var flipped = await sweeper.RunOnceAsync(ct);
            flipping.Add(clock.Elapsed.TotalMicroseconds);
            Expect(100, flipped);
        }

        return new SweepTimings(monitors, plan, findNone, findHundred, passNone, Summary.Of(flipping));
    }

    // The 100 highest-numbered simple monitors that are still up get deadlines in the minute before now.
    private static async Task MakeDueAsync(string path, DateTimeOffset now, CancellationToken ct)
    {
        var arms = new List<Arm>(100);
        await using (var connection = await SqliteFiles.OpenReadOnlyAsync(path, ct))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT id, timeout_s + grace_s FROM checks WHERE kind = 'simple' AND status = 'up' AND deadline IS NOT NULL ORDER BY id DESC LIMIT 100";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var deadline = now - TimeSpan.FromMilliseconds(100 + (500 * arms.Count));
                arms.Add(new Arm(reader.GetInt64(0), deadline - TimeSpan.FromSeconds(reader.GetInt64(1)), deadline));
            }
        }

        await Arming.ArmAsync(path, arms, ct);
    }

    private static async Task<Summary> TimeAsync(Func<Task> run, CancellationToken ct)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await run();
        }

        var samples = new List<double>(Iterations);
        for (var i = 0; i < Iterations && !ct.IsCancellationRequested; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            samples.Add(clock.Elapsed.TotalMicroseconds);
        }

        return Summary.Of(samples);
    }

    private static void Expect(int expected, int actual)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"The sweep found {actual} due monitors where {expected} were due.");
        }
    }

    private static async Task<IReadOnlyList<string>> PlanAsync(string path, CancellationToken ct)
    {
        await using var connection = await SqliteFiles.OpenReadOnlyAsync(path, ct);
        await using var command = connection.CreateCommand();
        // The WHERE and ORDER BY of SqlStore.FindDueChecksAsync; the selected columns do not change the plan.
        command.CommandText =
            "EXPLAIN QUERY PLAN SELECT * FROM checks WHERE deadline IS NOT NULL AND deadline <= $now ORDER BY deadline LIMIT $limit";
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", DueQueryLimit);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    public static async Task<int> CountMonitorsAsync(string path, CancellationToken ct)
    {
        await using var connection = await SqliteFiles.OpenReadOnlyAsync(path, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM checks";
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<DateTimeOffset> EarliestDeadlineAsync(string path, CancellationToken ct)
    {
        await using var connection = await SqliteFiles.OpenReadOnlyAsync(path, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(deadline) FROM checks";
        return DateTimeOffset.FromUnixTimeMilliseconds(await command.ExecuteScalarAsync(ct) as long?
            ?? throw new InvalidOperationException("No monitor has a deadline."));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
