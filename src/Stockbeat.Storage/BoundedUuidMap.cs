using System.Collections.Concurrent;

namespace Stockbeat.Storage;

/// <summary>
/// A concurrent map by monitor uuid that holds at most a given number of entries: past it, it starts over rather than
/// track recency on the ping writer's hot path, and what it forgot is read from the database again.
/// </summary>
internal sealed class BoundedUuidMap<TValue>(int capacity)
{
    private readonly ConcurrentDictionary<Guid, TValue> _entries = new();

    // Counted here: ConcurrentDictionary.Count takes every lock of the dictionary, which cost the writer more than a
    // tenth of its time while monitors were still being remembered.
    private int _count;

    public bool Contains(Guid uuid) => _entries.ContainsKey(uuid);

    public bool TryGet(Guid uuid, out TValue value) => _entries.TryGetValue(uuid, out value!);

    /// <summary>Adds or replaces the entry for <paramref name="uuid"/>.</summary>
    public void Set(Guid uuid, TValue value)
    {
        // The capacity test comes first, so a known uuid costs two dictionary operations.
        if (Volatile.Read(ref _count) >= capacity && !_entries.ContainsKey(uuid))
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
        }

        if (_entries.TryAdd(uuid, value))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[uuid] = value;
        }
    }

    public void Remove(Guid uuid)
    {
        if (_entries.TryRemove(uuid, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
