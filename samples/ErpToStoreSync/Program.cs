// An ERP -> store stock sync that reports each run to Stockbeat: start, counts, success or failure.
//
//   STOCKBEAT_URL=http://127.0.0.1:8000 STOCKBEAT_PING_KEY=... dotnet run --project samples/ErpToStoreSync
//
// The sync itself is simulated; the Stockbeat calls are real. If Stockbeat is unreachable, the sync still runs
// and exits as it would have: the client logs the problem and never throws it into the job.
using ErpToStoreSync;
using Microsoft.Extensions.Logging;
using Stockbeat.Client;

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
var logger = loggerFactory.CreateLogger("ErpToStoreSync");
var settings = SyncSettings.FromEnvironment();

using var stockbeat = new StockbeatClient(new StockbeatClientOptions
{
    ServerUrl = settings.ServerUrl,
    PingKey = settings.PingKey,
    CreateMissingMonitors = true,
    Retries = 3,
    Logger = logger,
});

await using var run = await stockbeat.StartAsync(settings.Monitor);
try
{
    var random = new Random(42);
    var erp = new SimulatedErp(settings.Skus, random);
    var store = new SimulatedStore(random, settings.StoreFailureRate);
    foreach (var level in erp.StockLevels())
    {
        run.Add(total: 1, reserved: level.Reserved, negativeSalable: level.Salable < 0 ? 1 : 0);
        var target = Math.Max(0, level.Salable);
        if (store.QuantityOf(level) == target)
        {
            run.Add(unchanged: 1);
            continue;
        }

        try
        {
            await store.SetQuantityAsync(level.Sku, target, CancellationToken.None);
            run.Add(updated: 1);
        }
        catch (StoreApiException ex)
        {
            SyncLog.NotUpdated(logger, ex.Message);
            run.Add(errors: 1);
        }
    }

    run.Metric("api_calls", store.ApiCalls);

    // Fails the run instead when more than 5 % of the SKUs could not be updated (run.ErrorThreshold).
    var finished = await run.SucceedAsync();
    SyncLog.Finished(logger, finished.Kind, finished.Delivered);
    return finished.Kind == PingKind.Fail ? 1 : 0;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    await run.FailAsync(ex);
    SyncLog.Failed(logger, ex);
    return 1;
}
