namespace Stockbeat.Server.Features.Pings;

/// <summary>
/// Pings handed on to be stored in the database and not stored yet, counted in arrival order. With the ping journal
/// a ping can be acknowledged before it is in the database; whatever reads the database waits here for the pings
/// acknowledged before it, so it never sees a state older than a ping its caller was told was stored.
/// </summary>
internal sealed class PingBacklog
{
    private readonly Lock _lock = new();
    private readonly List<(long Through, TaskCompletionSource Done)> _waiters = [];
    private long _added;
    private long _stored;

    /// <summary>Pings added and not stored yet.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _added - _stored;
            }
        }
    }

    /// <summary>Counts <paramref name="count"/> pings handed on to be stored.</summary>
    public void Add(int count)
    {
        lock (_lock)
        {
            _added += count;
        }
    }

    /// <summary>Counts the oldest <paramref name="count"/> pings as stored (or given up), waking who waited for them.</summary>
    public void Stored(int count)
    {
        List<TaskCompletionSource>? done = null;
        lock (_lock)
        {
            _stored += count;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Through <= _stored)
                {
                    (done ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        done?.ForEach(d => d.TrySetResult());
    }

    /// <summary>Completes once every ping added before the call is stored.</summary>
    public Task CatchUpAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            return _stored >= _added ? Task.CompletedTask : WaitLocked(_added).WaitAsync(ct);
        }
    }

    /// <summary>Completes once fewer than <paramref name="limit"/> pings wait to be stored.</summary>
    public Task RoomAsync(long limit)
    {
        lock (_lock)
        {
            return _added - _stored < limit ? Task.CompletedTask : WaitLocked(_added - limit + 1);
        }
    }

    private Task WaitLocked(long through)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((through, done));
        return done.Task;
    }
}
