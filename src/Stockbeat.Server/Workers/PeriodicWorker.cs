using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// The loop shared by every background worker: run one pass, wait, and again; log and carry on when a pass fails.
/// The database row is the truth, so a failed pass is simply repeated after the interval.
/// </summary>
/// <remarks>
/// A delay after each pass rather than a <see cref="PeriodicTimer"/>: a worker that knows when its next work is due
/// (the deadline sweep) waits exactly that long, and a slow pass never makes the next one start at once.
/// </remarks>
internal abstract partial class PeriodicWorker(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The longest wait between two passes.</summary>
    protected TimeSpan Interval { get; } = interval;

    protected abstract Task RunOnceAsync(CancellationToken ct);

    /// <summary>How long to wait after a successful pass: the interval, unless the worker knows its next work is due sooner.</summary>
    protected virtual Task<TimeSpan> NextWaitAsync(CancellationToken ct) => Task.FromResult(Interval);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: on SQLite a pass's calls complete synchronously, and a first pass waiting for the write
        // lock (held while pings journaled before a restart are stored) would hold back the server's start.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Interval;
            try
            {
                await RunOnceAsync(stoppingToken);
                wait = await NextWaitAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, e, GetType().Name);
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Worker} pass failed; retrying on the next tick.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string worker);
}

/// <summary>
/// Runs the <see cref="DeadlineSweeper"/> when the earliest stored deadline passes, and at least every
/// <c>Stockbeat:Workers:SweepInterval</c>.
/// </summary>
internal sealed class DeadlineSweepWorker(DeadlineSweeper sweeper, TimeSpan interval, TimeProvider time, ILogger<DeadlineSweepWorker> logger)
    : PeriodicWorker(interval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => sweeper.RunOnceAsync(ct);

    protected override Task<TimeSpan> NextWaitAsync(CancellationToken ct) => sweeper.NextWaitAsync(Interval, ct);
}

/// <summary>Runs the <see cref="EscalationPass"/> and then the <see cref="DeliveryPass"/> every <c>Stockbeat:Workers:AlertInterval</c>.</summary>
internal sealed class AlertWorker(EscalationPass escalation, DeliveryPass delivery, TimeSpan interval, TimeProvider time, ILogger<AlertWorker> logger)
    : PeriodicWorker(interval, time, logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await escalation.RunOnceAsync(ct);
        await delivery.RunOnceAsync(ct);
    }
}

/// <summary>Runs the <see cref="AnalysisPass"/> every <c>Stockbeat:Workers:AnalysisInterval</c>.</summary>
internal sealed class AnalysisWorker(AnalysisPass analysis, TimeSpan interval, TimeProvider time, ILogger<AnalysisWorker> logger)
    : PeriodicWorker(interval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => analysis.RunOnceAsync(ct);
}

/// <summary>
/// Runs the <see cref="RetentionPass"/> every <c>Stockbeat:Workers:RetentionInterval</c>, and again at once while runs
/// are still due (each pass rests between its batches).
/// </summary>
internal sealed class RetentionWorker(RetentionPass retention, TimeSpan interval, TimeProvider time, ILogger<RetentionWorker> logger)
    : PeriodicWorker(interval, time, logger)
{
    private TimeSpan _nextWait = interval;

    protected override async Task RunOnceAsync(CancellationToken ct) =>
        _nextWait = RetentionPass.NextWait(await retention.RunOnceAsync(ct), Interval);

    protected override Task<TimeSpan> NextWaitAsync(CancellationToken ct) => Task.FromResult(_nextWait);
}

/// <summary>
/// Copies the database's write-ahead log into its file every <c>Stockbeat:Workers:CheckpointInterval</c>, so that the
/// ping writer does not do it between two batches (SQLite; PostgreSQL checkpoints by itself).
/// </summary>
internal sealed class CheckpointWorker(IStore store, TimeSpan interval, TimeProvider time, ILogger<CheckpointWorker> logger)
    : PeriodicWorker(interval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => store.CheckpointAsync(ct);
}
