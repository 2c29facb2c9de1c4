using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stockbeat.Server.Workers;

/// <summary>
/// The loop shared by every background worker: wait for the next tick, run one pass, log and carry on when
/// a pass fails. The database row is the truth, so a failed pass is simply repeated on the next tick.
/// </summary>
internal abstract partial class PeriodicWorker(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, e, GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Worker} pass failed; retrying on the next tick.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string worker);
}

/// <summary>Runs the <see cref="DeadlineSweeper"/> every <c>Stockbeat:Workers:SweepInterval</c>.</summary>
internal sealed class DeadlineSweepWorker(DeadlineSweeper sweeper, TimeSpan interval, TimeProvider time, ILogger<DeadlineSweepWorker> logger)
    : PeriodicWorker(interval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => sweeper.RunOnceAsync(ct);
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

/// <summary>Runs the <see cref="RetentionPass"/> every <c>Stockbeat:Workers:RetentionInterval</c>.</summary>
internal sealed class RetentionWorker(RetentionPass retention, TimeSpan interval, TimeProvider time, ILogger<RetentionWorker> logger)
    : PeriodicWorker(interval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => retention.RunOnceAsync(ct);
}
