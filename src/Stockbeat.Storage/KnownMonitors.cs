using System.Collections.Concurrent;

namespace Stockbeat.Storage;

/// <summary>
/// Uuids of monitors this node found in the database, so that the ping journal can answer a ping to one before the
/// ping is stored. Bounded: past the capacity it starts over, and a forgotten monitor is looked up again.
/// </summary>
internal sealed class KnownMonitors(int capacity)
{
    private readonly ConcurrentDictionary<Guid, byte> _uuids = new();

    // Counted here: ConcurrentDictionary.Count takes every lock of the dictionary.
    private int _count;

    public bool Contains(Guid uuid) => _uuids.ContainsKey(uuid);

    public void Add(Guid uuid)
    {
        if (Volatile.Read(ref _count) >= capacity)
        {
            _uuids.Clear();
            Interlocked.Exchange(ref _count, 0);
        }

        if (_uuids.TryAdd(uuid, 0))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Remove(Guid uuid)
    {
        if (_uuids.TryRemove(uuid, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
