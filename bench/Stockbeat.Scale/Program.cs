using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Stockbeat.Scale;

ScaleOptions options;
try
{
    options = ScaleOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}\n\n{ScaleOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
var inv = CultureInfo.InvariantCulture;
var results = new List<string>();
void Result(string line)
{
    results.Add(line);
    Console.WriteLine(line);
}

if (options.SweepOnly is { } existing)
{
    var monitors = await SweepCost.CountMonitorsAsync(existing, ct);
    PrintSweep(await SweepCost.MeasureAsync(existing, monitors, ct), Console.WriteLine);
    return 0;
}

await using var sink = await WebhookSink.StartAsync(ct);
var dataDirectory = Path.Combine(options.WorkDirectory, "data");
Directory.CreateDirectory(dataDirectory);

Console.WriteLine($"==> seeding {options.Monitors:N0} monitors");
var seeded = await Seeder.SeedAsync(Path.Combine(dataDirectory, "stockbeat.db"), options.Monitors, options.ProbeMonitors, sink.Url, ct);
var size = new FileInfo(seeded.Path).Length;
Result(string.Create(inv,
    $"seed monitors={seeded.Monitors} seconds={seeded.Took.TotalSeconds:0.0} rows_per_s={seeded.Monitors / seeded.Took.TotalSeconds:0} db_mib={size / 1048576.0:0}"));

if (!options.SkipServer)
{
    await MeasureServerAsync(options, seeded, sink, Result, ct);
}

Console.WriteLine($"==> sweep cost at {seeded.Monitors:N0} monitors");
PrintSweep(await SweepCost.MeasureAsync(seeded.Path, seeded.Monitors, ct), Result);
if (options.CompareMonitors > 0)
{
    var compareDirectory = Path.Combine(options.WorkDirectory, "compare");
    Directory.CreateDirectory(compareDirectory);
    Console.WriteLine($"==> sweep cost at {options.CompareMonitors:N0} monitors");
    var small = await Seeder.SeedAsync(Path.Combine(compareDirectory, "stockbeat.db"), options.CompareMonitors, 0, sink.Url, ct);
    PrintSweep(await SweepCost.MeasureAsync(small.Path, small.Monitors, ct), Result);
}

Console.WriteLine();
Console.WriteLine("== summary");
results.ForEach(Console.WriteLine);
return 0;

static async Task MeasureServerAsync(ScaleOptions options, SeededDatabase seeded, WebhookSink sink, Action<string> result, CancellationToken ct)
{
    var inv = CultureInfo.InvariantCulture;
    var url = new Uri($"http://127.0.0.1:{FreePort()}/");
    Console.WriteLine($"==> starting stockbeat serve on {url}");
    await using var server = ServerProcess.Start(
        options.StockbeatDll, Path.GetDirectoryName(seeded.Path)!, url, $"scale-{Guid.NewGuid():N}", options.ServerArgs,
        Path.Combine(options.WorkDirectory, "stockbeat.log"));
    var ready = await server.WaitReadyAsync(TimeSpan.FromSeconds(120), ct);
    result(string.Create(inv, $"ready seconds={ready.TotalSeconds:0.00} (process start to first 200 from /api/v3/status)"));
    // Let start-up work (JIT, the first passes of every worker) settle before reading the idle footprint.
    await Task.Delay(TimeSpan.FromSeconds(5), ct);
    var idle = server.ReadMemory();
    result(string.Create(inv, $"memory idle rss_mib={idle.RssKiB / 1024.0:0} peak_mib={idle.PeakKiB / 1024.0:0}"));

    var probe = new DeadlineProbe(seeded);
    var random = new Random(11);
    if (options.Trials > 0)
    {
        Console.WriteLine($"==> {options.Trials} single-monitor trials, {options.TrialSpacing.TotalSeconds:0.00} s apart on average");
        var first = DateTimeOffset.UtcNow.AddSeconds(3);
        var arms = Enumerable.Range(0, options.Trials)
            .Select(i => (Id: seeded.ProbeFirstId + options.Burst + i,
                Deadline: first + (options.TrialSpacing * (i + (random.NextDouble() - 0.5)))))
            .ToList();
        var (delays, firstDelay, missing, others, _) = await ArmAndWatchAsync(probe, arms, ct);
        result(string.Create(inv,
            $"single {delays.Format("ms")} first_trial={firstDelay:0.0} ms not_seen={missing} other_incidents={others} (delay = first poll seeing the incident − deadline)"));
    }

    if (options.Burst > 0)
    {
        Console.WriteLine($"==> burst: {options.Burst:N0} monitors due in the same second");
        var second = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds());
        var arms = Enumerable.Range(0, options.Burst)
            .Select(i => (Id: seeded.ProbeFirstId + i, Deadline: second + (TimeSpan.FromSeconds(1) * i / options.Burst)))
            .ToList();
        var webhooksBefore = sink.Received;
        var (delays, _, missing, others, lastSeen) = await ArmAndWatchAsync(probe, arms, ct);
        var down = await probe.CountDownWithIncidentAsync(seeded.ProbeFirstId, seeded.ProbeFirstId + options.Burst - 1, ct);
        result(string.Create(inv,
            $"burst monitors={options.Burst} all_down_with_incident_s={(lastSeen - second).TotalSeconds:0.00} (from the start of their second) " +
            $"down_with_open_incident={down} not_seen={missing} other_incidents={others}"));
        result($"burst per-monitor {delays.Format("ms", "0")}");
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        result(string.Create(inv, $"burst webhooks_received_within_10s_after={sink.Received - webhooksBefore}"));
    }

    var after = server.ReadMemory();
    result(string.Create(inv, $"memory after rss_mib={after.RssKiB / 1024.0:0} peak_mib={after.PeakKiB / 1024.0:0}"));
}

// Delays of the monitors seen, and of the earliest one alone: the first flips after start-up include JIT compilation.
static async Task<(Summary Delays, double FirstDelay, int Missing, int Others, DateTimeOffset LastSeen)> ArmAndWatchAsync(
    DeadlineProbe probe, List<(long Id, DateTimeOffset Deadline)> arms, CancellationToken ct)
{
    var after = await probe.LastIncidentIdAsync(ct);
    await probe.ArmAsync(arms, ct);
    var ids = arms.Select(a => a.Id).ToHashSet();
    var (seen, others) = await probe.WatchAsync(ids, after, arms.Max(a => a.Deadline) + TimeSpan.FromSeconds(60), ct);
    var inOrder = arms.Where(a => seen.ContainsKey(a.Id)).OrderBy(a => a.Deadline).Select(a => (seen[a.Id] - a.Deadline).TotalMilliseconds).ToList();
    return (Summary.Of(inOrder), inOrder.Count == 0 ? double.NaN : inOrder[0], ids.Count - seen.Count, others, seen.Count == 0 ? default : seen.Values.Max());
}

static void PrintSweep(SweepTimings t, Action<string> result)
{
    result($"sweep monitors={t.Monitors} plan=\"{string.Join("; ", t.Plan)}\"");
    result($"sweep monitors={t.Monitors} due_query_none_due {t.FindNoneDue.Format("us")}");
    result($"sweep monitors={t.Monitors} due_query_100_due {t.FindHundredDue.Format("us")}");
    result($"sweep monitors={t.Monitors} pass_none_due {t.PassNoneDue.Format("us")}");
    result($"sweep monitors={t.Monitors} pass_flipping_100 {t.PassHundredDue.Format("us", "0")}");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
