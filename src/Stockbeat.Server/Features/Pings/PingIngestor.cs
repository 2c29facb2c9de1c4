using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stockbeat.Core.Pings;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;
using Stockbeat.Storage.Journal;

namespace Stockbeat.Server.Features.Pings;

/// <summary>
/// Group commit. Where the store has a ping journal (SQLite), one thread appends queued pings to the journal in
/// batches and flushes it, and a second stores journaled pings in the database in batches. A ping to a monitor the
/// writer already knows is answered once its batch is in the journal if the database is busy with earlier pings;
/// otherwise, and for every other ping (an unknown uuid, a slug, a refusal), it is answered once stored, with what
/// storing it found. Without a journal (PostgreSQL, shared by nodes) one thread stores batches and answers each
/// ping once its batch has committed.
/// </summary>
internal sealed partial class PingIngestor(IStore store, PingBacklog backlog, IOptions<StockbeatOptions> options, ILogger<PingIngestor> logger)
    : BackgroundService
{
    // One queue per writer. With the journal there is one writer, the journal's. Without it (PostgreSQL) each writer
    // commits its own batches, and every ping to a monitor goes to the same one, so its pings are stored in order.
    private readonly Channel<Pending>[] _queues = Lanes(store, options.Value.Ping);

    // Bounded through the backlog: the journal thread adds no more than QueueCapacity pings ahead of the database.
    private readonly Channel<Journaled[]> _journaled = Channel.CreateUnbounded<Journaled[]>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // The shortest and longest sleep of the journal thread while it waits to admit pings at the database's pace.
    private static readonly TimeSpan ShortestPacedWait = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestPacedWait = TimeSpan.FromMilliseconds(2);

    private readonly StorePace _pace = new();
    private readonly long _clockStart = Stopwatch.GetTimestamp();
    private PingJournal? _journal;

    /// <summary>Queues a ping; null when the queue is full (the caller answers 503).</summary>
    public Task<PingResult>? TrySubmit(PingSubmission ping)
    {
        var pending = new Pending(ping, new TaskCompletionSource<PingResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queues[LaneOf(ping.Path.Target, _queues.Length)].Writer.TryWrite(pending) ? pending.Answer.Task : null;
    }

    /// <summary>The writer that stores pings to <paramref name="target"/>, one of <paramref name="lanes"/>.</summary>
    internal static int LaneOf(PingTarget target, int lanes)
    {
        var hash = target switch
        {
            PingTarget.ByUuid byUuid => byUuid.Uuid.GetHashCode(),
            PingTarget.BySlug bySlug => HashCode.Combine(bySlug.PingKey, bySlug.Slug),
            _ => 0,
        };
        return (int)((uint)hash % (uint)lanes);
    }

    private static Channel<Pending>[] Lanes(IStore store, PingOptions ping)
    {
        var lanes = store.JournalFolder is null ? ping.Writers : 1;
        return [.. Enumerable.Range(0, lanes).Select(_ => Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(Math.Max(1, ping.QueueCapacity / lanes)) { SingleReader = true }))];
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.JournalFolder is { } folder)
        {
            var position = await store.GetJournalPositionAsync(cancellationToken);
            _journal = PingJournal.Open(folder, position, options.Value.Ping.JournalSegmentBytes);
            QueueUnstored(_journal, position);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking pings, then let the loops store what is already queued.
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _journal?.Dispose();
        base.Dispose();
    }

    // The writers are the serial stages of the ping path; on their own threads they are not queued behind request work
    // on the thread pool. Their store calls are synchronous underneath on SQLite, and block only these threads elsewhere.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _journal is { } journal
            ? Task.WhenAll(OnOwnThread("ping-journal", () => JournalLoop(journal, _queues[0])), OnOwnThread("ping-store", ApplyLoop))
            : Task.WhenAll(_queues.Select(queue => OnOwnThread("ping-store", () => WriteLoop(queue))));

    // Named, so that profilers and `top -H` tell the stages apart.
    private static Task OnOwnThread(string name, Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { Name = name, IsBackground = true };
        thread.Start();
        return done.Task;
    }

    private Options Settings => new(
        options.Value.Ping.BatchSize, options.Value.Ping.StoreBatchSize, options.Value.Ping.QueueCapacity, options.Value.Ping.KeepPings);

    private void WriteLoop(Channel<Pending> queue)
    {
        var batch = new List<Pending>(Settings.BatchSize);
        // Not cancelled by stoppingToken: the loop ends when StopAsync completes the queue and it is drained.
        while (queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < Settings.BatchSize && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            StoreBatchAsync(batch).GetAwaiter().GetResult();
            batch.Clear();
        }
    }

    private void JournalLoop(PingJournal journal, Channel<Pending> queue)
    {
        var settings = Settings;
        var batch = new List<Pending>(settings.BatchSize);
        try
        {
            while (queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                // The database may fall behind by QueueCapacity pings; beyond that the queue fills and pings get 503.
                backlog.RoomAsync(settings.QueueCapacity).GetAwaiter().GetResult();
                var room = Paced((int)Math.Min(settings.BatchSize, settings.QueueCapacity - backlog.Count), settings.QueueCapacity);
                while (batch.Count < room && queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                JournalBatch(journal, batch);
                batch.Clear();
            }
        }
        finally
        {
            _journaled.Writer.TryComplete();
        }
    }

    /// <summary>
    /// How many of <paramref name="room"/> pings to journal now. While more than half the capacity (or a few seconds
    /// of the database's work, if less) waits for the database, pings are admitted at the rate it stores them, a
    /// millisecond or two's worth at a time, so that every ping waits about as long instead of a few waiting for a
    /// whole store batch.
    /// </summary>
    private int Paced(int room, int capacity)
    {
        while (true)
        {
            var waiting = backlog.Count;
            if (waiting == 0 || waiting < _pace.PacedFrom(capacity / 2))
            {
                _pace.Pause();
                return room;
            }

            var (admit, wait) = _pace.Allow(Stopwatch.GetElapsedTime(_clockStart), room);
            if (admit > 0)
            {
                return admit;
            }

            // Checked again after each short sleep: the database may have caught up meanwhile.
            Thread.Sleep(wait < ShortestPacedWait ? ShortestPacedWait : wait > LongestPacedWait ? LongestPacedWait : wait);
        }
    }

    /// <summary>Appends one batch to the journal, answers the pings that may be answered now, and hands it on.</summary>
    private void JournalBatch(PingJournal journal, List<Pending> batch)
    {
        long[] ends;
        try
        {
            ends = journal.Append([.. batch.Select(p => p.Ping)]);
        }
        catch (Exception e)
        {
            LogJournalFailed(logger, e, batch.Count);
            batch.ForEach(p => p.Answer.TrySetException(e));
            return;
        }

        // With the database idle a ping is answered once stored, as without a journal: the answer is then as exact
        // as it can be, and who pinged reads back what the ping did. With the database busy, waiting for it would
        // only add its backlog to the answer's time.
        var databaseBusy = backlog.Count > 0;
        if (databaseBusy)
        {
            LookUpUnknownMonitors(batch);
        }

        var journaled = new Journaled[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            journaled[i] = new Journaled(batch[i], ends[i], Answered: databaseBusy && SureToBeStored(batch[i].Ping));
        }

        // Counted before anyone is answered: a read sent after an answer must wait for the ping.
        backlog.Add(batch.Select(p => p.Ping.Path.Target));
        foreach (var ping in journaled.Where(j => j.Answered))
        {
            ping.Pending.Answer.TrySetResult(PingResult.Ok);
        }

        _journaled.Writer.TryWrite(journaled);
    }

    // A monitor's first pings since the start: one read finds which exist (a read waits for no writer).
    private void LookUpUnknownMonitors(List<Pending> batch)
    {
        var unknown = batch
            .Select(p => p.Ping.Path.Target)
            .OfType<PingTarget.ByUuid>()
            .Select(t => t.Uuid)
            .Where(u => !store.KnowsMonitor(u))
            .ToHashSet();
        if (unknown.Count == 0)
        {
            return;
        }

        try
        {
            store.LookUpMonitorsAsync(unknown, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // Not knowing only means answering once stored.
            LogLookUpFailed(logger, e);
        }
    }

    // Storing it can only answer 200: a uuid ping, well-formed, to a monitor known to exist.
    private bool SureToBeStored(PingSubmission ping) =>
        ping.Path.Target is PingTarget.ByUuid byUuid
        && !ping.Path.ExitStatusOutOfRange && !ping.RidInvalid
        && store.KnowsMonitor(byUuid.Uuid);

    private void ApplyLoop()
    {
        var batch = new List<Journaled>(Settings.StoreBatchSize);
        while (_journaled.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (_journaled.Reader.TryPeek(out var next) && (batch.Count == 0 || batch.Count + next.Length <= Settings.StoreBatchSize))
            {
                _journaled.Reader.TryRead(out _);
                batch.AddRange(next);
            }

            var started = Stopwatch.GetTimestamp();
            ApplyBatchAsync(batch).GetAwaiter().GetResult();
            _pace.Stored(batch.Count, Stopwatch.GetElapsedTime(started));
            batch.Clear();
        }
    }

    /// <summary>
    /// Stores journaled pings in the database, counts them off the backlog, then answers those not answered yet (so
    /// that whoever is answered finds the backlog without them). Never throws.
    /// </summary>
    internal async Task ApplyBatchAsync(IReadOnlyList<Journaled> batch)
    {
        var answers = new List<Action>(batch.Count);
        await StoreJournaledAsync(batch, answers);
        backlog.Stored(batch.Select(j => j.Pending.Ping.Path.Target));
        answers.ForEach(answer => answer());
    }

    private async Task StoreJournaledAsync(IReadOnlyList<Journaled> batch, List<Action> answers)
    {
        var keep = Settings.KeepPings;
        var storedWhole = await StoreAsync(
            batch,
            part => store.ApplyJournaledPingsAsync([.. part.Select(j => j.Pending.Ping)], keep, part[^1].End, CancellationToken.None),
            (journaled, result) => answers.Add(Answer(journaled, result)),
            async (journaled, e) => answers.Add(await GiveUpAsync(journaled, e)));
        if (storedWhole)
        {
            // After the batch is committed, and outside its attempt: it must not be stored again if this fails.
            await DeleteAppliedSegmentsAsync(batch[^1].End);
        }
    }

    private Action Answer(Journaled journaled, PingResult result) => () =>
    {
        if (!journaled.Answered)
        {
            journaled.Pending.Answer.TrySetResult(result);
        }
        else if (result != PingResult.Ok)
        {
            // Answered 200, then its monitor was deleted before the ping reached the database.
            LogAnsweredButNotStored(logger, result, journaled.Pending.Ping.Path.Target);
        }
    };

    // A ping the database refuses on its own is skipped, so that it is not stored on a restart after its sender was
    // told to retry. If even the skip cannot be recorded, a restart tries it again.
    private async Task<Action> GiveUpAsync(Journaled journaled, Exception e)
    {
        try
        {
            await store.SetJournalPositionAsync(journaled.End, CancellationToken.None);
        }
        catch (Exception skip)
        {
            LogSkipNotRecorded(logger, skip);
        }

        return () =>
        {
            if (journaled.Answered)
            {
                LogAnsweredPingLost(logger, e, journaled.Pending.Ping.Path.Target);
            }
            else
            {
                journaled.Pending.Answer.TrySetException(e);
            }
        };
    }

    private async Task DeleteAppliedSegmentsAsync(long appliedThrough)
    {
        if (_journal is not { } journal || !journal.HasSegmentsThrough(appliedThrough))
        {
            return;
        }

        try
        {
            // The database's commits of journaled pings may not be on disk yet; this one flushes them all.
            await store.SetJournalPositionAsync(appliedThrough, CancellationToken.None);
            journal.DeleteThrough(appliedThrough);
        }
        catch (Exception e)
        {
            // The segments stay, and are deleted after a later batch.
            LogSegmentsNotDeleted(logger, e);
        }
    }

    /// <summary>
    /// Hands the pings journaled before a crash or a stop, and not in the database, to the storing thread ahead of any
    /// new ping. They are in the backlog before the server takes a request, so reads and the deadline sweep wait for
    /// them as for any other, while new pings are journaled and answered meanwhile: a long backlog delays reads on a
    /// restart, not the start.
    /// </summary>
    private void QueueUnstored(PingJournal journal, long position)
    {
        // Read whole before anything is appended; at most QueueCapacity pings and a batch, as when they were journaled.
        var unstored = journal.ReadAfter(position).ToList();
        if (unstored.Count == 0)
        {
            return;
        }

        backlog.Add(unstored.Select(r => r.Ping.Path.Target));
        // Nobody waits for these answers: whoever sent the pings was answered before the stop, or not at all.
        foreach (var chunk in unstored.Chunk(Settings.StoreBatchSize))
        {
            _journaled.Writer.TryWrite([.. chunk.Select(r => new Journaled(new Pending(r.Ping, new TaskCompletionSource<PingResult>()), r.End, Answered: false))]);
        }

        LogUnstoredQueued(logger, unstored.Count);
    }

    /// <summary>Stores one batch and answers its pings, without a journal; one pass of the writer loop. Never throws.</summary>
    internal async Task StoreBatchAsync(IReadOnlyList<Pending> batch)
    {
        var keep = Settings.KeepPings;
        await StoreAsync(
            batch,
            part => store.IngestPingsAsync([.. part.Select(p => p.Ping)], keep, CancellationToken.None),
            (pending, result) => pending.Answer.TrySetResult(result),
            (pending, e) =>
            {
                pending.Answer.TrySetException(e);
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// Stores <paramref name="items"/> in one transaction; if that fails, stores each on its own, so that one bad ping
    /// (or a deadlock between nodes) fails only itself. Returns whether the batch was stored whole. Never throws.
    /// </summary>
    private async Task<bool> StoreAsync<T>(
        IReadOnlyList<T> items, Func<IReadOnlyList<T>, Task<IReadOnlyList<PingResult>>> storeBatch,
        Action<T, PingResult> stored, Func<T, Exception, Task> failed)
    {
        IReadOnlyList<PingResult>? results = null;
        try
        {
            results = await storeBatch(items);
        }
        catch (Exception e) when (items.Count > 1)
        {
            LogBatchFailed(logger, e, items.Count);
        }
        catch (Exception e)
        {
            await failed(items[0], e);
            return false;
        }

        if (results is not null)
        {
            for (var i = 0; i < items.Count; i++)
            {
                stored(items[i], results[i]);
            }

            return true;
        }

        // The batch rolled back as a whole.
        foreach (var item in items)
        {
            try
            {
                stored(item, (await storeBatch([item]))[0]);
            }
            catch (Exception e)
            {
                await failed(item, e);
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} pings failed; storing them one by one.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up the monitors of a ping batch failed; its pings are answered once stored.")]
    private static partial void LogLookUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} pings could not be written to the ping journal; each is answered 503.")]
    private static partial void LogJournalFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "An acknowledged ping for {Target} was not stored: {Result} (its monitor was deleted meanwhile).")]
    private static partial void LogAnsweredButNotStored(ILogger logger, PingResult result, PingTarget target);

    [LoggerMessage(Level = LogLevel.Error, Message = "An acknowledged ping for {Target} could not be stored in the database and was given up.")]
    private static partial void LogAnsweredPingLost(ILogger logger, Exception exception, PingTarget target);

    [LoggerMessage(Level = LogLevel.Error, Message = "A ping given up could not be marked as skipped; a restart will try it again.")]
    private static partial void LogSkipNotRecorded(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal segments whose pings are stored could not be deleted; a later batch tries again.")]
    private static partial void LogSegmentsNotDeleted(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storing {Count} pings from the ping journal that had not reached the database before the last stop; reads wait for them.")]
    private static partial void LogUnstoredQueued(ILogger logger, int count);

    internal sealed record Pending(PingSubmission Ping, TaskCompletionSource<PingResult> Answer);

    /// <summary>A ping in the journal, the position after it, and whether it was answered already.</summary>
    internal sealed record Journaled(Pending Pending, long End, bool Answered);

    private readonly record struct Options(int BatchSize, int StoreBatchSize, int QueueCapacity, int KeepPings);
}
