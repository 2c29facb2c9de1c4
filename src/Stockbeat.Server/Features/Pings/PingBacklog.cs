using Stockbeat.Core.Pings;

namespace Stockbeat.Server.Features.Pings;

/// <summary>
/// Pings handed on to be stored in the database and not stored yet, counted in arrival order. With the ping journal
/// a ping can be acknowledged before it is in the database; whatever reads the database waits here for the pings
/// acknowledged before it, so it never sees a state older than a ping its caller was told was stored. It also knows
/// which monitors the waiting pings are for, so that the deadline sweep waits only when a due monitor may have one.
/// </summary>
internal sealed class PingBacklog
{
    private readonly Lock _lock = new();
    private readonly List<(long Through, TaskCompletionSource Done)> _waiters = [];
    private readonly Dictionary<Guid, int> _byUuid = [];
    private long _bySlug;
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

    /// <summary>Counts pings for <paramref name="targets"/> as handed on to be stored.</summary>
    public void Add(IEnumerable<PingTarget> targets)
    {
        lock (_lock)
        {
            foreach (var target in targets)
            {
                _added++;
                Tally(target, +1);
            }
        }
    }

    /// <summary>
    /// Counts the oldest pings, for <paramref name="targets"/>, as stored (or given up), waking who waited for them.
    /// </summary>
    public void Stored(IEnumerable<PingTarget> targets)
    {
        List<TaskCompletionSource>? done = null;
        lock (_lock)
        {
            foreach (var target in targets)
            {
                _stored++;
                Tally(target, -1);
            }

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

    /// <summary>
    /// Whether a ping waiting to be stored may be for the monitor <paramref name="uuid"/>: one sent to its uuid, or
    /// one sent to any slug (which monitor a slug names is known only once stored).
    /// </summary>
    public bool MayHoldPingFor(Guid uuid)
    {
        lock (_lock)
        {
            return _bySlug > 0 || _byUuid.ContainsKey(uuid);
        }
    }

    private void Tally(PingTarget target, int change)
    {
        switch (target)
        {
            case PingTarget.ByUuid byUuid:
                var count = _byUuid.GetValueOrDefault(byUuid.Uuid) + change;
                if (count > 0)
                {
                    _byUuid[byUuid.Uuid] = count;
                }
                else
                {
                    _byUuid.Remove(byUuid.Uuid);
                }

                break;
            default:
                _bySlug += change;
                break;
        }
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
