using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Stockbeat.LoadGen;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    await Console.Error.WriteLineAsync($"{e.Message}\n\n{LoadOptions.Usage}");
    return 2;
}

return options.Command == "register" ? await RegisterAsync(options) : await RunAsync(options);

static async Task<int> RunAsync(LoadOptions options)
{
    Uri[] urls;
    if (options.Base is { } baseUrl && options.UuidsFile is { } file)
    {
        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        urls = [.. File.ReadLines(file).Where(l => l.Length > 0).Select(l => new Uri($"{root}/ping/{l.Trim()}"))];
    }
    else
    {
        urls = [.. options.Urls];
    }

    if (urls.Length == 0)
    {
        await Console.Error.WriteLineAsync($"No targets.\n\n{LoadOptions.Usage}");
        return 2;
    }

    var endpoint = LoadOptions.EndPointOf(urls[0]);
    if (urls.Any(u => !LoadOptions.EndPointOf(u).Equals(endpoint)))
    {
        await Console.Error.WriteLineAsync("All targets must be on one host:port.");
        return 2;
    }

    var mode = options.Rate > 0 ? $"fixed rate {options.Rate:0} req/s" : "closed loop";
    var bound = options.Requests > 0 ? $"{options.Requests} requests" : $"{options.Duration.TotalSeconds:0.#} s";
    var connections = options.NewConnection ? "a new connection per request" : "keep-alive";
    Console.WriteLine(
        $"{options.Label}: {mode}, {options.Connections} connections ({connections}), {bound}, warm-up {options.Warmup.TotalSeconds:0.#} s, " +
        $"{urls.Length} targets on {endpoint}");

    var summary = await new LoadRunner(options, endpoint, [.. urls.Select(u => u.PathAndQuery)]).RunAsync();
    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv, $"  requests  {summary.Requests} in {summary.Measured.TotalSeconds:0.0} s = {summary.RequestsPerSecond:0} req/s, {summary.OkPerSecond:0} ok/s"));
    Console.WriteLine($"  outcomes  {string.Join(", ", summary.Outcomes.Select(o => $"{o.Key}: {o.Value}"))}");
    Console.WriteLine(string.Create(inv, $"  latency   p50 {summary.PercentileMs(0.5):0.00} ms, p99 {summary.PercentileMs(0.99):0.00} ms, p99.9 {summary.PercentileMs(0.999):0.00} ms, max {summary.PercentileMs(1):0.00} ms"));
    // One line for scripts.
    Console.WriteLine(string.Create(inv,
        $"RESULT label={options.Label} requests={summary.Requests} ok={summary.Ok} errors={summary.Requests - summary.Ok} rps={summary.RequestsPerSecond:0} ok_rps={summary.OkPerSecond:0} " +
        $"p50_ms={summary.PercentileMs(0.5):0.00} p99_ms={summary.PercentileMs(0.99):0.00} p999_ms={summary.PercentileMs(0.999):0.00}"));
    return 0;
}

static async Task<int> RegisterAsync(LoadOptions options)
{
    if (options.Base is not { } baseUrl || options.ApiKey is not { } apiKey || options.OutFile is not { } outFile)
    {
        await Console.Error.WriteLineAsync($"register needs --base, --api-key and --out.\n\n{LoadOptions.Usage}");
        return 2;
    }

    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections };
    using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    var uuids = new string[options.Count];
    var next = -1;
    var started = System.Diagnostics.Stopwatch.StartNew();
    // A one-day period: no monitor falls due during a benchmark, so the sweep stays idle.
    await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < uuids.Length)
        {
            using var response = await client.PostAsJsonAsync("api/v3/checks/", new { name = $"bench-{i}", timeout = 86400, grace = 3600 });
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            uuids[i] = json.GetProperty("uuid").GetString()!;
        }
    })));
    await File.WriteAllLinesAsync(outFile, uuids);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"registered {uuids.Length} monitors in {started.Elapsed.TotalSeconds:0.0} s ({uuids.Length / started.Elapsed.TotalSeconds:0}/s) -> {outFile}"));
    return 0;
}
