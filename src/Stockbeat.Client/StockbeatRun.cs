using System.Globalization;

namespace Stockbeat.Client;

/// <summary>
/// One run of a monitored job, from <see cref="StockbeatClient.StartAsync"/>: collects the run's numbers and sends
/// its finish ping with the same run id as its start, so that the server records the duration. Finish it once with
/// <see cref="SucceedAsync"/>, <see cref="FailAsync(Exception?, CancellationToken)"/> or <see cref="ExitAsync"/>;
/// disposing an unfinished run reports a failure.
/// </summary>
public sealed class StockbeatRun : IAsyncDisposable
{
    /// <summary>The log text of a run disposed before it was finished.</summary>
    public const string AbandonedReason = "run ended without SucceedAsync/FailAsync";

    private const int MaxExceptionChars = 4_000;

    private readonly StockbeatClient _client;
    private readonly Uri _url;
    private readonly RunReport _report = new();
    private readonly Lock _lock = new();
    private double? _errorThreshold;
    private int _finished;

    internal StockbeatRun(StockbeatClient client, string monitor, Uri url, Guid runId, double? errorThreshold, PingResult started)
    {
        _client = client;
        _url = url;
        Monitor = monitor;
        RunId = runId;
        _errorThreshold = errorThreshold;
        Started = started;
    }

    /// <summary>The monitor as given to <see cref="StockbeatClient.StartAsync"/>.</summary>
    public string Monitor { get; }

    /// <summary>The run id sent with every ping of this run (<c>?rid=</c>).</summary>
    public Guid RunId { get; }

    /// <summary>What became of the start ping.</summary>
    public PingResult Started { get; }

    /// <summary>Whether the run has been finished (or disposed).</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>
    /// The error rate (errors / total) above which <see cref="SucceedAsync"/> reports a failure instead;
    /// <see langword="null"/> leaves the decision to the server. Starts as <see cref="StockbeatClientOptions.ErrorThreshold"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public double? ErrorThreshold
    {
        get => _errorThreshold;
        set
        {
            ErrorThresholds.Validate(value, nameof(value));
            _errorThreshold = value;
        }
    }

    /// <summary>Text sent with the finish ping: the report's <c>log</c> field, or the body when there are no numbers.</summary>
    public string? Log
    {
        get { lock (_lock) { return _report.Log; } }
        set { lock (_lock) { _report.Log = value; } }
    }

    /// <summary>Sets the run's counts; arguments left out keep their value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public void Report(
        long? total = null, long? updated = null, long? unchanged = null, long? errors = null, long? reserved = null,
        long? backlog = null, long? discrepancies = null, long? negativeSalable = null)
    {
        lock (_lock)
        {
            _report.Total = total ?? _report.Total;
            _report.Updated = updated ?? _report.Updated;
            _report.Unchanged = unchanged ?? _report.Unchanged;
            _report.Errors = errors ?? _report.Errors;
            _report.Reserved = reserved ?? _report.Reserved;
            _report.Backlog = backlog ?? _report.Backlog;
            _report.Discrepancies = discrepancies ?? _report.Discrepancies;
            _report.NegativeSalable = negativeSalable ?? _report.NegativeSalable;
        }
    }

    /// <summary>Adds to the run's counts, e.g. <c>run.Add(updated: 1)</c> inside a loop over SKUs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count would become negative.</exception>
    public void Add(
        long total = 0, long updated = 0, long unchanged = 0, long errors = 0, long reserved = 0,
        long backlog = 0, long discrepancies = 0, long negativeSalable = 0)
    {
        lock (_lock)
        {
            _report.Total = Sum(_report.Total, total);
            _report.Updated = Sum(_report.Updated, updated);
            _report.Unchanged = Sum(_report.Unchanged, unchanged);
            _report.Errors = Sum(_report.Errors, errors);
            _report.Reserved = Sum(_report.Reserved, reserved);
            _report.Backlog = Sum(_report.Backlog, backlog);
            _report.Discrepancies = Sum(_report.Discrepancies, discrepancies);
            _report.NegativeSalable = Sum(_report.NegativeSalable, negativeSalable);
        }
    }

    /// <summary>Copies every value of <paramref name="report"/> (and its log, if set) into the run's report.</summary>
    public void Report(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            _report.MergeFrom(report);
        }
    }

    /// <summary>Sets a custom metric, e.g. <c>run.Metric("api_calls", 412)</c>, or a known count by its JSON name.</summary>
    /// <exception cref="ArgumentException">The name or value is not allowed (see <see cref="RunReport.Set"/>).</exception>
    public void Metric(string name, double value)
    {
        lock (_lock)
        {
            _report.Set(name, value);
        }
    }

    /// <summary>Sends a log ping for this run; it changes no state on the server.</summary>
    public Task<PingResult> LogAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _client.SendAsync(Monitor, _url, PingRequest.Log with { RunId = RunId, Body = text }, cancellationToken);
    }

    /// <summary>
    /// Finishes the run as a success with its report, unless the report's error rate is above
    /// <see cref="ErrorThreshold"/>: then it is sent as a failure whose log gives the reason.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run was already finished.</exception>
    public Task<PingResult> SucceedAsync(CancellationToken cancellationToken = default) => FinishAsync(0, cancellationToken);

    /// <summary>Finishes the run as a failure; the exception's text (type, message, stack) is sent as the log.</summary>
    /// <exception cref="InvalidOperationException">The run was already finished.</exception>
    public Task<PingResult> FailAsync(Exception? exception = null, CancellationToken cancellationToken = default) =>
        FailAsync(exception is null ? null : Cut(exception.ToString()), cancellationToken);

    /// <summary>Finishes the run as a failure with <paramref name="reason"/> added to the log.</summary>
    /// <exception cref="InvalidOperationException">The run was already finished.</exception>
    public Task<PingResult> FailAsync(string? reason, CancellationToken cancellationToken = default)
    {
        MarkFinished();
        return SendFailureAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Finishes the run with a process exit status: 0 as <see cref="SucceedAsync"/> (threshold included), 1–255 as a
    /// failure that records the status.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exitStatus"/> is not between 0 and 255.</exception>
    /// <exception cref="InvalidOperationException">The run was already finished.</exception>
    public Task<PingResult> ExitAsync(int exitStatus, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exitStatus);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exitStatus, 255);
        return FinishAsync(exitStatus, cancellationToken);
    }

    /// <summary>Reports a failure if the run was not finished: a job that leaves the <c>using</c> block early has not succeeded.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            await SendFailureAsync(AbandonedReason, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<PingResult> FinishAsync(int exitStatus, CancellationToken cancellationToken)
    {
        MarkFinished();
        if (exitStatus == 0 && OverThreshold() is { } reason)
        {
            ClientLog.ThresholdExceeded(_client.Logger, RunId, Monitor, reason);
            return await SendFailureAsync(reason, cancellationToken).ConfigureAwait(false);
        }

        var ping = exitStatus == 0 ? PingRequest.Success : PingRequest.Exit(exitStatus);
        return await _client.SendAsync(Monitor, _url, ping with { RunId = RunId, Report = Snapshot(null) }, cancellationToken).ConfigureAwait(false);
    }

    private Task<PingResult> SendFailureAsync(string? reason, CancellationToken cancellationToken) =>
        _client.SendAsync(Monitor, _url, PingRequest.Fail with { RunId = RunId, Report = Snapshot(reason) }, cancellationToken);

    private string? OverThreshold()
    {
        lock (_lock)
        {
            if (_errorThreshold is not { } threshold || _report.ErrorRate is not { } rate || rate <= threshold)
            {
                return null;
            }

            return string.Create(
                CultureInfo.InvariantCulture,
                $"error rate {rate:0.##%} ({_report.Errors} errors of {_report.Total}) is above the threshold of {threshold:0.##%}");
        }
    }

    /// <summary>A copy of the report to send, with <paramref name="reason"/> after the log so that cutting the log to fit keeps it.</summary>
    private RunReport Snapshot(string? reason)
    {
        lock (_lock)
        {
            var copy = new RunReport();
            copy.MergeFrom(_report);
            if (reason is not null)
            {
                copy.Log = string.IsNullOrEmpty(copy.Log) ? reason : $"{copy.Log}\n{reason}";
            }

            return copy;
        }
    }

    private void MarkFinished()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            throw new InvalidOperationException($"The run {RunId} of '{Monitor}' has already been finished.");
        }
    }

    private static long? Sum(long? current, long add) => add == 0 ? current : (current ?? 0) + add;

    private static string Cut(string text) => text.Length <= MaxExceptionChars ? text : text[..MaxExceptionChars] + "…";
}
